namespace McpSaas.Cli.Commands;

/// <summary>Discovery of manifest files (manifest-v1.md, "Discovery").</summary>
internal static class ManifestFiles
{
    private static readonly string[] Names = ["mcp.yaml", "mcp.yml"];

    /// <summary>Every mcp.yaml / mcp.yml under <paramref name="root"/>, outside hidden folders, in ordinal path order.</summary>
    public static IReadOnlyList<string> Find(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (Names.Contains(Path.GetFileName(file), StringComparer.Ordinal))
                {
                    found.Add(file);
                }
            }

            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (!name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
