using McpSaas.Reconciler.Sources;

namespace McpSaas.Cli.Commands;

/// <summary>Discovery of manifest files (manifest-v1.md, "Discovery"), by the folder sources' own safe walk.</summary>
internal static class ManifestFiles
{
    /// <summary>
    /// Every mcp.yaml / mcp.yml under <paramref name="root"/>, outside hidden folders, without following links to
    /// folders, in ordinal path order. Throws <see cref="SourceException"/> when a folder cannot be listed.
    /// </summary>
    public static IReadOnlyList<string> Find(string root) => FolderManifests.Find(root);
}
