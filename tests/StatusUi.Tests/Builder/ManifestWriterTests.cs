using McpSaas.Schema.Loading;
using McpSaas.StatusUi.Builder;

namespace McpSaas.StatusUi.Tests.Builder;

public sealed class ManifestWriterTests
{
    [Theory]
    [InlineData("slack-bot", "slack-bot")]
    [InlineData("true", "\"true\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("1e5", "\"1e5\"")]
    [InlineData("example.org:8443", "\"example.org:8443\"")]
    [InlineData("a # b", "\"a # b\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    public void Scalar_IsPlainOnlyWhenItCannotBeMisread(string text, string expected) =>
        Assert.Equal(expected, ManifestWriter.Scalar(text));

    [Fact]
    public void Write_RoundTripsThroughTheValidator_TextStaysText()
    {
        var yaml = ManifestWriter.Write(new ManifestDraft
        {
            Name = "team",
            Description = "yes: \"quoted\" # and more\nsecond line",
            Plan = "free",
            Tools =
            [
                new ToolDraft
                {
                    Use = "github",
                    As = "gh",
                    Settings = [new SettingDraft("owners", SettingValue.List(["acme", "on"])), new SettingDraft("readOnly", SettingValue.Boolean(true))],
                    Secrets = [new KeyValuePair<string, string>("token", "gh-readonly")],
                },
            ],
            RateLimitPerMinute = "30",
        });

        var file = ManifestLoader.Load("mcp.yaml", yaml);

        var server = Assert.Single(file.Documents).Server;
        Assert.True(file.Documents[0].IsValid, string.Join("\n", file.AllDiagnostics));
        Assert.Equal("yes: \"quoted\" # and more\nsecond line", server!.Description);
        Assert.Equal(30, server.RateLimitPerMinute);
    }

    [Fact]
    public void Write_ANonNumericRate_StaysTextForTheValidatorToPointAt()
    {
        var yaml = ManifestWriter.Write(new ManifestDraft { Name = "team", Plan = "free", RateLimitPerMinute = "fast" });

        Assert.Contains("rateLimitPerMinute: \"fast\"", yaml, StringComparison.Ordinal);
        Assert.Contains(ManifestLoader.Load("mcp.yaml", yaml).AllDiagnostics, d => d.DocPath == "spec.access.rateLimitPerMinute");
    }
}
