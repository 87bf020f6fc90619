using McpSaas.StatusUi.Builder;

namespace McpSaas.StatusUi.Tests.Builder;

public sealed class ManifestEditorTests
{
    private const string TwoServers = """
        # yaml-language-server: $schema=https://mcpsaas.dev/schemas/mcp.schema.json
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team
        spec:
          plan: pro
          tools:
            # reading the docs
            - use: fetch
              with:
                allowedHosts: [docs.example.com]   # only the docs
            - use: github
              as: gh
              with: { owners: [acme] }
              secrets:
                token: gh-token
          access:
            rateLimitPerMinute: 30
        ---
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: other
        spec:
          plan: free
          tools:
            - use: fetch
              with:
                allowedHosts: [example.com]

        """;

    [Fact]
    public void Tools_AreTheServersEntries_WithTheLinesTheySpan()
    {
        var (tools, error) = ManifestEditor.Tools(TwoServers, "team");

        Assert.Null(error);
        Assert.Equal([new ManifestToolEntry(0, "fetch", null, 10, 12), new ManifestToolEntry(1, "github", "gh", 13, 17)], tools);
    }

    [Fact]
    public void RemoveTool_DeletesOnlyItsLines_EverythingElseStaysAsWritten()
    {
        var edit = ManifestEditor.RemoveTool(TwoServers, "team", 1);

        Assert.Null(edit.Error);
        Assert.Equal(TwoServers.Replace("""
                - use: github
                  as: gh
                  with: { owners: [acme] }
                  secrets:
                    token: gh-token

            """, "", StringComparison.Ordinal), edit.Text);
    }

    [Fact]
    public void RemoveTool_TheFirst_KeepsTheCommentAboveIt_AndTheOtherServerUntouched()
    {
        var edit = ManifestEditor.RemoveTool(TwoServers, "team", 0);

        Assert.Null(edit.Error);
        Assert.Contains("    # reading the docs\n    - use: github\n", edit.Text, StringComparison.Ordinal);
        Assert.EndsWith(TwoServers[TwoServers.IndexOf("---", StringComparison.Ordinal)..], edit.Text, StringComparison.Ordinal);
        Assert.Equal(["github"], ManifestEditor.Tools(edit.Text!, "team").Tools!.Select(t => t.Use));
    }

    [Fact]
    public void AddTools_InsertsAfterTheLastEntry_AtItsIndentation()
    {
        var edit = ManifestEditor.AddTools(TwoServers, "other", [new ToolDraft
        {
            Use = "slack",
            Settings = [new SettingDraft("channels", SettingValue.List(["C0456"]))],
            Secrets = [new KeyValuePair<string, string>("botToken", "slack-bot")],
        }]);

        Assert.Null(edit.Error);
        Assert.Equal(TwoServers.Replace("""
                    allowedHosts: [example.com]

            """, """
                    allowedHosts: [example.com]
                - use: slack
                  with:
                    channels: [C0456]
                  secrets:
                    botToken: slack-bot

            """, StringComparison.Ordinal), edit.Text);
    }

    [Fact]
    public void AddTools_AtTheEndOfAFileWithoutANewline_AndWithCrLf_KeepsItsLineEndings()
    {
        const string text = "apiVersion: mcpsaas.dev/v1\r\nkind: McpServer\r\nmetadata:\r\n  name: a\r\nspec:\r\n  plan: free\r\n  tools:\r\n  - use: fetch\r\n    with: {allowedHosts: [x.example]}";

        var edit = ManifestEditor.AddTools(text, "a", [new ToolDraft { Use = "notion", As = "wiki" }]);

        Assert.Null(edit.Error);
        Assert.Equal(text + "\r\n  - use: notion\r\n    as: wiki\r\n", edit.Text);
    }

    [Theory]
    [InlineData("  tools: [ { use: fetch }, { use: notion } ]", "flow style")]
    [InlineData("  tools:\n    - &t { use: fetch }\n    - *t", "not a plain tool entry")]
    [InlineData("  tools:\n    - use: fetch", "the only tool of a")]
    public void Edits_ThatCannotBeMadeSafely_AreRefused_WithTheReason(string tools, string reason)
    {
        var text = $"apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: a\nspec:\n  plan: free\n{tools}\n";

        var edit = ManifestEditor.RemoveTool(text, "a", 0);

        Assert.Null(edit.Text);
        Assert.Contains(reason, edit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Edits_OfAServerNotInTheFile_OrOfABrokenFile_AreRefused()
    {
        Assert.Contains("no server named nope", ManifestEditor.RemoveTool(TwoServers, "nope", 0).Error, StringComparison.Ordinal);
        Assert.Contains("could not be read as YAML", ManifestEditor.AddTools("a: [", "a", [new ToolDraft { Use = "fetch" }]).Error, StringComparison.Ordinal);
        Assert.Contains("no tool entry 3", ManifestEditor.RemoveTool(TwoServers, "team", 2).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryWhoseDashIsAloneOnItsLine_IsRemovedWithThatLine()
    {
        const string text = "apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: a\nspec:\n  plan: free\n  tools:\n    -\n      use: fetch\n      with: {allowedHosts: [x.example]}\n    - use: notion\n";

        var edit = ManifestEditor.RemoveTool(text, "a", 0);

        Assert.Equal("apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: a\nspec:\n  plan: free\n  tools:\n    - use: notion\n", edit.Text);
    }
}
