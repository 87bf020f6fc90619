namespace McpSaas.Schema.Tests;

/// <summary>Where the repository and its test fixtures are, seen from a test run.</summary>
internal static class TestRepo
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Third-party fixtures copied into the repository (<c>tests/Schema.Tests/Fixtures/&lt;name&gt;</c>, each with its
    /// licence), so the tests pass from a clone alone. Missing fixtures fail the test with a clear message: they are never
    /// skipped silently.
    /// </summary>
    public static string Fixtures(string name)
    {
        var path = Path.Combine(Root, "tests", "Schema.Tests", "Fixtures", name);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"fixtures '{name}' not found at {path}: they are part of the repository (tests/Schema.Tests/Fixtures/{name})");
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
