using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Issue #9.4 through the CLI: an <c>apiBaseUrl</c> over plain http is a diagnostic (MCP154) wherever it would send
/// the tool's credential in clear text: always outside local mode (<c>validate</c>), and in local mode (<c>apply</c>
/// on a folder) unless the host is loopback. The server that has it stalls; the others deploy and serve.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class PlainHttpApiBaseUrlTests : IAsyncLifetime
{
    private readonly TempDir _data = new("mcpsaas-e2e-http-data");
    private readonly TempDir _source = new("mcpsaas-e2e-http-src");
    private McpSaasCli _cli = null!;

    public Task InitializeAsync()
    {
        _cli = new McpSaasCli(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        _source.Dispose();
        _data.Dispose();
    }

    private static string Slack(string name, string apiBaseUrl) => $"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {name}
        spec:
          plan: free
          tools:
            - use: slack
              with:
                apiBaseUrl: {apiBaseUrl}
              secrets:
                botToken: slack-bot

        """;

    private const string Fetch = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: reader
        spec:
          plan: free
          tools:
            - use: fetch
              with: { allowedHosts: [example.com] }

        """;

    [Fact]
    public async Task Validate_PlainHttpApiBaseUrl_IsMcp154_EvenToLoopback_ExitsOne()
    {
        _source.Write("chat/mcp.yaml", Slack("chat", "http://127.0.0.1:8787/api"));

        var run = await _cli.RunAsync("validate", _source.Path);

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Contains("chat/mcp.yaml:10:21: error MCP154: spec.tools[0].with.apiBaseUrl: plain http would send the tool's credential in clear text", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 file, 1 server, 1 error\n", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_LocalMode_PlainHttpToAnotherHost_StallsThatServer_TheOthersServe()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await _cli.RunWithInputAsync("xoxb-1111111111-2222222222-PlainHttpE2eToken01\n", "secrets", "set", "local", "slack-bot")).Exit);
        _source.Write("clear/mcp.yaml", Slack("clear", "http://192.0.2.10:8080/api"));
        _source.Write("loop/mcp.yaml", Slack("loop", "http://127.0.0.1:8787/api"));
        _source.Write("reader/mcp.yaml", Fetch);
        var repo = Path.GetFileName(_source.Path);

        var apply = await _cli.RunAsync("apply", "--source", _source.Path);

        Assert.True(apply.Exit == 1, apply.ToString());
        Assert.Contains($"local/{repo}/clear", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("MCP154", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("plain http to '192.0.2.10' would send the tool's credential in clear text", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains($"created local/{repo}/loop", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains($"created local/{repo}/reader", apply.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"created local/{repo}/clear", apply.Stdout, StringComparison.Ordinal);

        var url = System.Text.RegularExpressions.Regex.Match(apply.Stdout, $@"http://127\.0\.0\.1:\d+/local/{repo}/reader/mcp").Value;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", $"local/{repo}/reader", "--name", "e2e")).Stdout);
        await using var client = await Mcp.ConnectAsync(url, key, cts.Token);
        Assert.Contains(await client.ListToolsAsync(cancellationToken: cts.Token), t => t.Name == "fetch");
    }
}
