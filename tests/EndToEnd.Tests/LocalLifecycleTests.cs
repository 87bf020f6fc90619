using System.Net;
using McpSaas.EndToEnd.Tests.Support;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// A manifest in a real git repository becomes an MCP server a real client calls: apply on local workerd,
/// keys, the official C# client through the deployed Worker to stub upstreams, and every lifecycle step.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class LocalLifecycleTests : IAsyncLifetime
{
    private const string SlackSecret = StubUpstreams.SlackToken;
    private readonly TempDir _data = new("mcpsaas-e2e-data");
    private readonly GitRepo _repo = new();
    private StubUpstreams _stubs = null!;
    private McpSaasCli _cli = null!;

    public async Task InitializeAsync()
    {
        _stubs = await StubUpstreams.StartAsync();
        _cli = new McpSaasCli(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        await _stubs.DisposeAsync();
        _repo.Dispose();
        _data.Dispose();
    }

    private string Manifest(bool withSlack) => $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team
        spec:
          plan: free
          tools:
            - use: fetch
              with:
                allowedHosts: ["{{_stubs.HostPort}}"]
        {{(withSlack ? $$"""
            - use: slack
              with:
                apiBaseUrl: {{_stubs.BaseUrl}}api
              secrets:
                botToken: slack-bot
        """ : "")}}
        """;

    private string Source => "file://" + _repo.Path;

    [Fact]
    public async Task GitRepo_Apply_Keys_RealClient_ThroughEveryLifecycleStep()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var repoName = Path.GetFileName(_repo.Path);
        var serverId = $"local/{repoName}/team";

        // The secret goes into the store; the manifest names it.
        Assert.Equal(0, (await _cli.RunWithInputAsync(SlackSecret + "\n", "secrets", "set", "local", "slack-bot")).Exit);
        _repo.Write("team/mcp.yaml", Manifest(withSlack: true));
        _repo.Commit("team server");

        var apply = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains($"created {serverId}", apply.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackSecret, apply.Stdout + apply.Stderr, StringComparison.Ordinal);
        var url = System.Text.RegularExpressions.Regex.Match(apply.Stdout, @"http://127\.0\.0\.1:\d+/\S+/mcp").Value;
        Assert.NotEmpty(url);

        // A new server has no key: every request is 401 until one is created.
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, null));
        var created = await _cli.RunAsync("keys", "create", serverId, "--name", "laptop");
        Assert.True(created.Exit == 0, created.ToString());
        var key = Mcp.KeyIn(created.Stdout);

        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
            Assert.Contains(tools, t => t.Name == "fetch");
            Assert.Contains(tools, t => t.Name == "slack_post_message");

            var page = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cts.Token);
            Assert.NotEqual(true, page.IsError);
            var pageText = string.Concat(page.Content.OfType<TextContentBlock>().Select(t => t.Text));
            Assert.Contains("Install guide", pageText, StringComparison.Ordinal);
            Assert.Contains("installer", pageText, StringComparison.Ordinal);
            Assert.DoesNotContain("var x = 1", pageText, StringComparison.Ordinal);

            var posted = await client.CallToolAsync("slack_post_message",
                new Dictionary<string, object?> { ["channel_id"] = "C0456", ["text"] = "hello from e2e" }, cancellationToken: cts.Token);
            Assert.True(posted.IsError != true, string.Concat(posted.Content.OfType<TextContentBlock>().Select(t => t.Text)));
            var slackCall = Assert.Single(_stubs.Requests, r => r.PathAndQuery.StartsWith("/api/chat.postMessage", StringComparison.Ordinal));
            Assert.Equal($"Bearer {SlackSecret}", slackCall.Authorization);
            Assert.Contains("hello from e2e", slackCall.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(SlackSecret, string.Concat(posted.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
        }

        // A wrong key gets 401; a revoked key gets 401 once `keys revoke` returns.
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, "mcps_not-a-key-of-this-server-000000000"));
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(url, key));
        var revoked = await _cli.RunAsync("keys", "revoke", serverId, "laptop");
        Assert.True(revoked.Exit == 0, revoked.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, key));

        // Remove a tool → apply → gone from tools/list.
        var second = Mcp.KeyIn((await _cli.RunAsync("keys", "create", serverId, "--name", "ci")).Stdout);
        _repo.Write("team/mcp.yaml", Manifest(withSlack: false));
        _repo.Commit("drop slack");
        var removeTool = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(removeTool.Exit == 0, removeTool.ToString());
        Assert.Contains("- tool slack", removeTool.Stdout, StringComparison.Ordinal);
        await using (var client = await Mcp.ConnectAsync(url, second, cts.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
            Assert.Contains(tools, t => t.Name == "fetch");
            Assert.DoesNotContain(tools, t => t.Name.StartsWith("slack_", StringComparison.Ordinal));
        }

        // Apply again: nothing to do, no deploy (the runtime keeps running, same process).
        var pidBefore = (await _cli.RunAsync("local", "status")).Stdout;
        var again = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(again.Exit == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("updated", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(pidBefore, (await _cli.RunAsync("local", "status")).Stdout);

        // Delete the document → the Worker is gone.
        _repo.Delete("team/mcp.yaml");
        _repo.Commit("remove the server");
        var delete = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(delete.Exit == 0, delete.ToString());
        Assert.Contains($"destroyed {serverId}", delete.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await Mcp.InitializeStatusAsync(url, second));
        Assert.DoesNotContain(serverId, (await _cli.RunAsync("servers", "list")).Stdout, StringComparison.Ordinal);

        // The seeded secret never shows in anything the CLI printed or wrote outside the sealed store.
        var status = await _cli.RunAsync("servers", "list");
        Assert.DoesNotContain(SlackSecret, status.Stdout, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains("/do/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(SlackSecret, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }
}

[CollectionDefinition(nameof(LocalRuntimeCollection), DisableParallelization = true)]
public sealed class LocalRuntimeCollection;
