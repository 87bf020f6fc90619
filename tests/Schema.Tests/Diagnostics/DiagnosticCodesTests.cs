using System.Text.RegularExpressions;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;

namespace McpSaas.Schema.Tests.Diagnostics;

public sealed partial class DiagnosticCodesTests
{
    private static string Readme => File.ReadAllText(Path.Combine(TestRepo.Root, "README.md"));

    [Fact]
    public void Codes_AreUnique_AndWellFormed()
    {
        var codes = DiagnosticCodes.All.Select(c => c.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^MCP[0-9]{3}$", c));
    }

    [Fact]
    public void Readme_CodeTable_ListsEveryCode_WithItsMeaning()
    {
        var rows = CodeRow().Matches(Readme).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

        Assert.Equal(DiagnosticCodes.All.Select(c => c.Code), rows.Keys);
        Assert.All(DiagnosticCodes.All, c => Assert.Equal(c.Meaning, rows[c.Code]));
    }

    [Fact]
    public void Readme_ExampleManifest_IsValid()
    {
        var yaml = ReadmeManifest().Match(Readme).Groups[1].Value;

        var file = ManifestLoader.Load("README.md", yaml);

        Assert.Contains("yaml-language-server: $schema=", yaml, StringComparison.Ordinal);
        Assert.Empty(file.AllDiagnostics);
        Assert.Equal("team-tools", Assert.Single(file.Documents).Name);
    }

    [Fact]
    public void Diagnostic_ToString_IsTheCanonicalForm()
    {
        var d = new Diagnostic("servers/team/mcp.yaml", 14, 9, Severity.Error, "MCP104", "spec.tools[1].use", "unknown tool 'slak' (did you mean 'slack'?)");

        Assert.Equal("servers/team/mcp.yaml:14:9: error MCP104: spec.tools[1].use: unknown tool 'slak' (did you mean 'slack'?)", d.ToString());
    }

    [GeneratedRegex(@"^\| `(MCP\d{3})` \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex CodeRow();

    [GeneratedRegex(@"## A manifest\s+```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeManifest();
}
