using System.Text.Json;
using McpSaas.Reconciler.Connect;
using McpSaas.Reconciler.Tests.Support;

namespace McpSaas.Reconciler.Tests.Connect;

public sealed class ConnectionSnippetsTests
{
    private const string Base = "http://127.0.0.1:8790/local/examples/docs-reader";

    [Fact]
    public void All_MatchesGolden() => Golden.Matches("Golden/connect-all.txt", ConnectionSnippets.Render("docs-reader", Base));

    [Theory]
    [InlineData("claude")]
    [InlineData("cursor")]
    [InlineData("vscode")]
    [InlineData("json")]
    public void JsonSnippets_AreValidJson_WithThePlaceholderForTheKey(string client)
    {
        var text = ConnectionSnippets.Render("docs-reader", Base, client);

        using var doc = JsonDocument.Parse(text);
        Assert.Contains("Bearer ${MCPSAAS_KEY}", text, StringComparison.Ordinal);
        Assert.Contains($"{Base}/mcp", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaudeDesktop_PassesTheHeaderThroughAnEnvironmentVariable()
    {
        using var doc = JsonDocument.Parse(ConnectionSnippets.Render("docs-reader", Base, "claude"));
        var server = doc.RootElement.GetProperty("mcpServers").GetProperty("docs-reader");

        Assert.Equal("npx", server.GetProperty("command").GetString());
        Assert.Equal(["-y", "mcp-remote", $"{Base}/mcp", "--header", "Authorization:${AUTH_HEADER}"], server.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Bearer ${MCPSAAS_KEY}", server.GetProperty("env").GetProperty("AUTH_HEADER").GetString());
    }

    [Fact]
    public void UnknownClient_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSnippets.Render("x", Base, "emacs"));
}
