using System.Text;
using McpSaas.Schema.Diagnostics;

namespace McpSaas.Schema.Tests.Loading;

/// <summary>
/// The golden table: every file under Cases/invalid must give exactly its expected codes and positions, every
/// file under Cases/valid none. The full canonical lines are also kept in Cases/diagnostics.golden.txt
/// (rewritten with MCPSAAS_REGENERATE=1), so a change of message text shows in review.
/// </summary>
public sealed class GoldenCasesTests
{
    private static string GoldenFile => Path.Combine(ManifestCase.Folder, "diagnostics.golden.txt");

    public static TheoryData<string> InvalidCases() => [.. ManifestCase.All("invalid").Select(c => c.Name)];

    public static TheoryData<string> ValidCases() => [.. ManifestCase.All("valid").Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void InvalidManifest_ReportsExactlyTheExpectedCodesAndPositions(string name)
    {
        var @case = ManifestCase.All("invalid").Single(c => c.Name == name);
        Assert.NotEmpty(@case.Expected);

        var result = @case.Load();

        Assert.Equal(@case.Expected.Order(StringComparer.Ordinal), result.Found.Order(StringComparer.Ordinal));
        Assert.All(result.File.AllDiagnostics, d => Assert.Equal(@case.RelativePath, d.Path));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void ValidManifest_HasNoDiagnostics_AndATypedModel(string name)
    {
        var @case = ManifestCase.All("valid").Single(c => c.Name == name);

        var result = @case.Load();

        Assert.Empty(result.Found);
        Assert.NotEmpty(result.File.Documents);
        Assert.All(result.File.Documents, d => Assert.True(d.IsValid && d.Server is not null && d.Name == d.Server.Name));
    }

    [Fact]
    public void GoldenTable_HasAtLeastFortyInvalidCases_CoveringEveryCodeOfTheYamlAndManifestRules()
    {
        var cases = ManifestCase.All("invalid").ToList();
        var covered = cases.SelectMany(c => c.Expected).Select(e => e.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        // Codes about bytes rather than YAML text (unreadable, over 1 MiB, not UTF-8, NUL) are table tests in ManifestLoaderTests.
        string[] byteLevel = [DiagnosticCodes.Unreadable, DiagnosticCodes.TooLarge, DiagnosticCodes.NotUtf8, DiagnosticCodes.NulByte];

        Assert.True(cases.Count >= 40, $"only {cases.Count} invalid cases");
        var uncovered = DiagnosticCodes.All.Select(c => c.Code).Except(byteLevel).Where(c => !covered.Contains(c)).ToList();
        Assert.True(uncovered.Count == 0, $"codes without a golden case: {string.Join(", ", uncovered)}");
    }

    [Fact]
    public void GoldenFile_HoldsEveryCanonicalLine_OfTheInvalidCases()
    {
        var text = new StringBuilder();
        foreach (var @case in ManifestCase.All("invalid"))
        {
            foreach (var diagnostic in @case.Load().File.AllDiagnostics)
            {
                text.Append(diagnostic.ToString()).Append('\n');
            }
        }

        if (TestRepo.Regenerate)
        {
            File.WriteAllText(GoldenFile, text.ToString());
        }

        Assert.True(File.Exists(GoldenFile), "Cases/diagnostics.golden.txt is missing: run MCPSAAS_REGENERATE=1 ./scripts/test Schema.Tests");
        Assert.Equal(File.ReadAllText(GoldenFile), text.ToString());
    }
}
