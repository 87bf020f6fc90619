using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>The validator behind a blob-id cache: an unchanged file is neither read nor parsed again.</summary>
public sealed class ManifestParser(ManifestCache cache) : IManifestParser
{
    public ManifestParser()
        : this(new ManifestCache())
    {
    }

    public ManifestCache Cache => cache;

    public ManifestFile Load(string blobId, string path, Func<byte[]> content, ManifestLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        return cache.TryGet(blobId, path, options, out var hit) ? hit : cache.GetOrLoad(blobId, path, content(), options);
    }

    public IReadOnlyList<ManifestFile> CheckSet(IReadOnlyList<ManifestFile> files) => ManifestSet.Check(files);
}
