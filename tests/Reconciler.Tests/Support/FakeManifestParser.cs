using McpSaas.Reconciler.Reconciling;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>Returns prepared manifests by path (the bytes are ignored) and counts parses.</summary>
internal sealed class FakeManifestParser : IManifestParser
{
    public Dictionary<string, ManifestFile> Files { get; } = new(StringComparer.Ordinal);

    public int Loads { get; private set; }

    public ManifestFile Load(string blobId, string path, Func<byte[]> content, McpSaas.Schema.Loading.ManifestLoadOptions options)
    {
        Loads++;
        _ = content();
        return Files[path];
    }

    public IReadOnlyList<ManifestFile> CheckSet(IReadOnlyList<ManifestFile> files) => files;
}
