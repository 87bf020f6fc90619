using System.Runtime.CompilerServices;

namespace McpSaas.GitHub.Tests.Reporting;

/// <summary>Golden-file assertions. Set MCPSAAS_REGENERATE=1 to rewrite the files from the actual output.</summary>
internal static class ReportingGolden
{
    public static void Matches(string relativePath, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, relativePath);
        if (Environment.GetEnvironmentVariable("MCPSAAS_REGENERATE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests once with MCPSAAS_REGENERATE=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
