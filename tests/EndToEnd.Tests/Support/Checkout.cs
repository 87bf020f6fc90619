namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>Paths of the checkout the tests run in: the built CLI, the worker runtime and examples.</summary>
internal static class Checkout
{
    public static string Root { get; } = Find();

    /// <summary>The CLI as built by the solution build (run as a real process for `up` and kill tests).</summary>
    public static string CliDll => Path.Combine(Root, "src", "Cli", "bin", "Debug", "net10.0", "mcpsaas.dll");

    private static string Find()
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
