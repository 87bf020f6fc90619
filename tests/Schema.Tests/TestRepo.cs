namespace McpSaas.Schema.Tests;

/// <summary>Where the repository and the shared fixtures are, seen from a test run.</summary>
internal static class TestRepo
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>../shared/fixtures</c> beside the repository root (CI has a copy of shared/ in the same relative place).
    /// Missing fixtures fail the test with a clear message: they are never skipped silently.
    /// </summary>
    public static string SharedFixtures(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", name));
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException(
                $"shared fixtures '{name}' not found at {path}: the tests expect a copy of shared/ beside the repository (../shared/fixtures/{name})");
        }

        return path;
    }

    /// <summary>Whether golden files should be rewritten (<c>MCPSAAS_REGENERATE=1</c>).</summary>
    public static bool Regenerate => Environment.GetEnvironmentVariable("MCPSAAS_REGENERATE") == "1";

    private static string FindRoot()
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
