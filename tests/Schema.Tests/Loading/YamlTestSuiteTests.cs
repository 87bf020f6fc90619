using System.Diagnostics;
using McpSaas.Schema.Loading;

namespace McpSaas.Schema.Tests.Loading;

/// <summary>
/// Every input of the public YAML test suite (tests/Schema.Tests/Fixtures/yaml-test-suite, a copy with its LICENSE) through the loader: none throws
/// or hangs; a case the suite marks as an error ends in an error diagnostic with a position; every case ends with a
/// verdict (none of them is a valid manifest, so each has at least one diagnostic, or only empty documents).
/// </summary>
public sealed class YamlTestSuiteTests
{
    private static string Suite => TestRepo.Fixtures("yaml-test-suite");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Suite, "in.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Suite, Path.GetDirectoryName(file)!).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Suite_IsThere_WithErrorCases()
    {
        var inputs = Directory.GetFiles(Suite, "in.yaml", SearchOption.AllDirectories);
        var errors = Directory.GetFiles(Suite, "error", SearchOption.AllDirectories);

        Assert.True(inputs.Length > 300, $"only {inputs.Length} inputs under {Suite}");
        Assert.True(errors.Length > 50, $"only {errors.Length} error cases under {Suite}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SuiteInput_LoadsWithoutThrowing_AndErrorCasesHavePositionedErrors(string caseId)
    {
        var folder = Path.Combine(Suite, caseId);
        var bytes = File.ReadAllBytes(Path.Combine(folder, "in.yaml"));
        var isError = File.Exists(Path.Combine(folder, "error"));

        var clock = Stopwatch.StartNew();
        var file = ManifestLoader.Load($"{caseId}/in.yaml", bytes);
        clock.Stop();

        var diagnostics = file.AllDiagnostics.ToList();
        Assert.All(diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
        Assert.True(clock.ElapsedMilliseconds < 2_000, $"took {clock.ElapsedMilliseconds} ms");
        if (isError)
        {
            Assert.Contains(diagnostics, d => d.IsError);
        }
        else
        {
            Assert.True(diagnostics.Count > 0 || file.Documents.Count == 0, "a suite input passed as a valid manifest");
        }
    }
}
