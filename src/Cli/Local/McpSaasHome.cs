namespace McpSaas.Cli.Local;

/// <summary>The checkout McpSaas runs from: <c>examples/</c> and <c>worker-runtime/</c> are found there.</summary>
internal static class McpSaasHome
{
    /// <summary><c>MCPSAAS_HOME</c> (set by <c>./mcpsaas</c>), else the folder above the program holding McpSaas.sln, else the current folder.</summary>
    public static string Locate(Func<string, string?> environment)
    {
        if (environment("MCPSAAS_HOME") is { Length: > 0 } home)
        {
            return Path.GetFullPath(home);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
