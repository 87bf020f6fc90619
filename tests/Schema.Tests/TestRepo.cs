namespace McpSaas.Schema.Tests;

/// <summary>Where the repository and the test fixtures are, seen from a test run.</summary>
internal static class TestRepo
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// A fixture folder of this test project (<c>tests/Schema.Tests/Fixtures/NAME</c>, in the repository: the tests
    /// run from a clone alone). A missing folder fails the test with a clear message: it is never skipped silently.
    /// </summary>
    public static string Fixtures(string name)
    {
        var path = Path.Combine(Root, "tests", "Schema.Tests", "Fixtures", name);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"test fixtures '{name}' not found at {path}: they belong in the repository (tests/Schema.Tests/Fixtures/{name})");
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
