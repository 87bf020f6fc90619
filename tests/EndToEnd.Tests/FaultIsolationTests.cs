using System.Net;
using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Keep last good (issue #9), through the CLI on real workerd: one server's failure (a broken manifest, a missing
/// secret, damaged files, an oversized secret) never stops or changes another, and a key change reports success
/// only once the Worker serves it.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class FaultIsolationTests : IAsyncLifetime
{
    private readonly TempDir _data = new("mcpsaas-e2e-faults");
    private readonly TempDir _folder = new("mcpsaas-e2e-faults-repo");
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
        _folder.Dispose();
        _data.Dispose();
    }

    private string RepoName => Path.GetFileName(_folder.Path);

    private string Id(string name) => $"local/{RepoName}/{name}";

    private void Fetch(string name) => _folder.Write($"{name}/mcp.yaml", $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {{name}}
        spec:
          plan: free
          tools:
            - use: fetch
              with:
                allowedHosts: ["{{_stubs.HostPort}}"]
        """);

    private void SlackServer(string name) => _folder.Write($"{name}/mcp.yaml", $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {{name}}
        spec:
          plan: free
          tools:
            - use: slack
              with:
                apiBaseUrl: {{_stubs.BaseUrl}}api
              secrets:
                botToken: slack-bot
        """);

    private void Broken(string name) => _folder.Write($"{name}/mcp.yaml", $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {{name}}
        spec:
          plan: free
          tools:
            - use: slak
        """);

    private async Task<CliRun> ApplyAsync() => await _cli.RunAsync("apply", "--source", _folder.Path);

    private async Task<string> KeyAsync(string name, string keyName = "k")
    {
        var created = await _cli.RunAsync("keys", "create", Id(name), "--name", keyName);
        Assert.True(created.Exit == 0, created.ToString());
        return Mcp.KeyIn(created.Stdout);
    }

    private async Task<string> UrlAsync(string name)
    {
        var list = await _cli.RunAsync("servers", "list", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var server = json.RootElement.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("id").GetString() == Id(name));
        return server.GetProperty("url").GetString()!;
    }

    private async Task<int?> WorkerdPidAsync()
    {
        var status = (await _cli.RunAsync("local", "status")).Stdout;
        var match = System.Text.RegularExpressions.Regex.Match(status, @"pid (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [Fact]
    public async Task Revoke_WhileAnotherServerIsBrokenAndAnotherMissesItsSecret_TakesEffect()
    {
        Assert.Equal(0, (await _cli.RunWithInputAsync(StubUpstreams.SlackToken, "secrets", "set", "local", "slack-bot")).Exit);
        Fetch("a");
        Fetch("b");
        SlackServer("c");
        Assert.Equal(0, (await ApplyAsync()).Exit);
        var key = await KeyAsync("a");
        var url = await UrlAsync("a");
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(url, key));

        Broken("b");
        Assert.Equal(0, (await _cli.RunAsync("secrets", "rm", "local", "slack-bot")).Exit);
        Assert.Equal(1, (await ApplyAsync()).Exit); // b stalled, c waiting: both keep what is deployed

        var revoked = await _cli.RunAsync("keys", "revoke", Id("a"), "k");

        Assert.True(revoked.Exit == 0, revoked.ToString());
        Assert.Contains("refuses it", revoked.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, key));
        Assert.Contains("No changes", (await ApplyAsync()).Stdout, StringComparison.Ordinal); // the source agrees with what is live
    }

    [Fact]
    public async Task SecretRemoved_ThenRestart_OthersServe_AndTheOneMissingItKeepsItsLastDeployedVersion()
    {
        Assert.Equal(0, (await _cli.RunWithInputAsync(StubUpstreams.SlackToken, "secrets", "set", "local", "slack-bot")).Exit);
        Fetch("a");
        SlackServer("c");
        Assert.Equal(0, (await ApplyAsync()).Exit);
        var keyA = await KeyAsync("a");
        var keyC = await KeyAsync("c");

        Assert.Equal(0, (await _cli.RunAsync("secrets", "rm", "local", "slack-bot")).Exit);
        Assert.Equal(0, (await _cli.RunAsync("local", "stop")).Exit);
        var apply = await ApplyAsync();

        Assert.Equal(1, apply.Exit);
        Assert.Contains("not set for org 'local': run ./mcpsaas secrets set local slack-bot", apply.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await WorkerdPidAsync());
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(await UrlAsync("a"), keyA));
        await using (var client = await Mcp.ConnectAsync(await UrlAsync("c"), keyC, CancellationToken.None))
        {
            var posted = await client.CallToolAsync("slack_post_message", new Dictionary<string, object?> { ["channel_id"] = "C0456", ["text"] = "still here" });
            Assert.True(posted.IsError != true, string.Concat(posted.Content.OfType<TextContentBlock>().Select(t => t.Text)));
        }

        Assert.Contains(_stubs.Requests, r => r.Body.Contains("still here", StringComparison.Ordinal) && r.Authorization == $"Bearer {StubUpstreams.SlackToken}");
        var list = (await _cli.RunAsync("servers", "list")).Stdout;
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(Id("c"))}\s+waiting", list);
    }

    [Fact]
    public async Task OversizedSecret_IsRefusedAtSet_AndNothingIsStopped()
    {
        Fetch("a");
        Assert.Equal(0, (await ApplyAsync()).Exit);
        var key = await KeyAsync("a");
        var pid = await WorkerdPidAsync();

        var set = await _cli.RunWithInputAsync(new string('x', 150 * 1024), "secrets", "set", "local", "huge");

        Assert.Equal(2, set.Exit);
        Assert.Contains("at most 5,120 bytes", set.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("huge", (await _cli.RunAsync("secrets", "list", "local")).Stdout, StringComparison.Ordinal);
        Assert.Equal(pid, await WorkerdPidAsync());
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(await UrlAsync("a"), key));
    }

    [Fact]
    public async Task DamagedDeploymentRecord_IsThatServersProblemOnly_AndApplyRepairsIt()
    {
        Fetch("a");
        Fetch("b");
        Assert.Equal(0, (await ApplyAsync()).Exit);
        var keyA = await KeyAsync("a");
        var keyB = await KeyAsync("b");
        var record = Directory.EnumerateFiles(Path.Combine(_data.Path, "local", "workers"), "deployment.json", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f).Contains($"\"{Id("a")}\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(record, "{ damaged");

        var apply = await ApplyAsync();

        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains($"created {Id("a")}", apply.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Id("b"), apply.Stdout.Split("Apply complete")[1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(await UrlAsync("a"), keyA));
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(await UrlAsync("b"), keyB));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_data.Path, "local"), "workerd.pid"));
    }
}
