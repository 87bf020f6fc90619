namespace McpSaas.WorkerRuntime.Tests;

/// <summary>Finds the checkout this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WorkerRuntime => Path.Combine(Root, "worker-runtime");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpSaas.sln not found above " + AppContext.BaseDirectory);
    }
}
