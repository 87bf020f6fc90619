namespace McpSaas.Reconciler.Sources;

/// <summary>Discovery rules of manifest-v1.md: files named mcp.yaml / mcp.yml at any depth, outside hidden folders.</summary>
public static class ManifestPaths
{
    public static bool IsManifestName(string fileName) => fileName is "mcp.yaml" or "mcp.yml";

    public static bool IsHidden(string folderName) => folderName.StartsWith('.');

    /// <summary>True when no folder of the '/'-separated path is hidden and the file name is a manifest name.</summary>
    public static bool IsManifestPath(string relativePath)
    {
        var parts = relativePath.Split('/');
        return IsManifestName(parts[^1]) && !parts[..^1].Any(IsHidden);
    }
}
