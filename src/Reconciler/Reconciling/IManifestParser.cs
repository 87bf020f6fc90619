using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>The Load step: manifest bytes → validated model + diagnostics, cached by blob id; then the repository-wide checks.</summary>
public interface IManifestParser
{
    /// <summary>Loads one file; the same <paramref name="blobId"/> at the same path with the same options is parsed once.</summary>
    ManifestFile Load(string blobId, string path, Func<byte[]> content, ManifestLoadOptions options);

    /// <summary>Checks that span files (duplicate server names across files), returning the files with those diagnostics added.</summary>
    IReadOnlyList<ManifestFile> CheckSet(IReadOnlyList<ManifestFile> files);
}
