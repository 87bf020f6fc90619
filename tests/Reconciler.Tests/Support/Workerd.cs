using McpSaas.Reconciler.Platforms.Local;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>Finds the real workerd binary (from worker-runtime's npm packages, or MCPSAAS_WORKERD) and free loopback ports.</summary>
internal static class Workerd
{
    public static string Binary()
    {
        var path = LocalPlatformOptions.DefaultWorkerdPath(RepoRoot());
        Assert.True(File.Exists(path),
            $"workerd is not installed at {path}: run 'npm ci' in worker-runtime (scripts/test does) or set MCPSAAS_WORKERD");
        return path;
    }

    public static int FreePort() => LoopbackPorts.Any();

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpSaas.sln not found above the test folder");
    }
}
