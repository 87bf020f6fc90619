using McpSaas.Schema.Loading;
using McpSaas.Reconciler.Sources;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// The validator behind a blob-id cache: an unchanged file is neither read nor parsed again. A file the source found
/// but did not read (<see cref="UnreadableSourceFileException"/>) becomes its diagnostic (MCP000, MCP002).
/// </summary>
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
        if (cache.TryGet(blobId, path, options, out var hit))
        {
            return hit;
        }

        byte[] bytes;
        try
        {
            bytes = content();
        }
        catch (UnreadableSourceFileException e)
        {
            // Found but not read (over 1 MiB, a link out of the source, a device…): that file's diagnostic, not cached.
            return e.Read.Load(path, options);
        }

        return cache.GetOrLoad(blobId, path, bytes, options);
    }

    public IReadOnlyList<ManifestFile> CheckSet(IReadOnlyList<ManifestFile> files) => ManifestSet.Check(files);
}
