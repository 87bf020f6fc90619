using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Usage and quota hold whenever a server answers (issue #15): `apply` alone leaves a usage endpoint running next to
/// workerd, the quota holds from the first call, a server's outbox drains within seconds of the endpoint coming back
/// (whatever its backoff), and calls lost to a full outbox show in `usage`. Through the CLI, on real workerd, with the
/// official C# MCP client.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed partial class UsageHoldsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDir _data = new("mcpsaas-e2e-holds");
    private readonly GitRepo _repo = new();
    private StubUpstreams _stubs = null!;
    private McpSaasCli _cli = null!;

    private string ServerId => $"local/{Path.GetFileName(_repo.Path)}/reader";

    private string Source => "file://" + _repo.Path;

    public async Task InitializeAsync()
    {
        _stubs = await StubUpstreams.StartAsync();
        _cli = new McpSaasCli(_data.Path);
        WriteManifest("free");
    }

    private void WriteManifest(string plan)
    {
        _repo.Write("mcp.yaml", $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: reader
            spec:
              plan: {{plan}}
              tools:
                - use: fetch
                  with:
                    allowedHosts: ["{{_stubs.HostPort}}"]
            """);
        _repo.Commit($"reader on {plan}");
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        await _stubs.DisposeAsync();
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ApplyOnly_QuotaOfThree_SixCalls_CallsFourToSixRefused_AndUsageShowsAllSixWithinSeconds()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Assert.Equal(0, (await _cli.RunAsync("admin", "plan", "local", "free", "--calls-per-month", "3")).Exit);
        var (url, key) = await ApplyWithKeyAsync();

        // No `up` anywhere: the usage endpoint runs because `apply` left workerd running.
        var companion = CompanionPid();
        Assert.True(Processes.IsRunning(companion), "apply left no usage ingest process");
        var status = await _cli.RunAsync("local", "status");
        Assert.Contains($"usage ingest: running, pid {companion}", status.Stdout, StringComparison.Ordinal);

        var outcomes = new List<string>();
        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            for (var i = 0; i < 6; i++)
            {
                outcomes.Add(await CallAsync(client, cts.Token));
            }
        }

        // The verdict (limit 3, used 0) reached the server when apply deployed it; the server counts its own calls
        // since, so calls 4–6 are refused before any new verdict arrives.
        Assert.Equal(["ok", "ok", "ok", "refused", "refused", "refused"], outcomes.Select(o => o.StartsWith("refused", StringComparison.Ordinal) ? "refused" : o));
        Assert.Contains("upgrade", outcomes[3], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("plan 'free' allows 3 tool calls per month", outcomes[3], StringComparison.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        var usage = await WaitForUsageAsync(u => u.GetProperty("calls").GetInt64() >= 6, TimeSpan.FromSeconds(10), cts.Token);
        output.WriteLine($"usage showed the 6 calls {stopwatch.Elapsed.TotalSeconds:0.00} s after the last answer");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"usage took {stopwatch.Elapsed} to show the calls");
        Assert.Equal(6, usage.GetProperty("calls").GetInt64());
        Assert.Equal(3, usage.GetProperty("refused").GetInt64());
        var quota = usage.GetProperty("quota");
        Assert.Equal((3L, 3L, true), (quota.GetProperty("limit").GetInt64(), quota.GetProperty("used").GetInt64(), quota.GetProperty("exceeded").GetBoolean()));
        Assert.True(usage.GetProperty("delivery").GetProperty("complete").GetBoolean(), usage.ToString());
        var text = (await _cli.RunAsync("usage", ServerId)).Stdout;
        Assert.Contains("6 call(s), 3 error(s) (3 of them refused by the monthly quota)", text, StringComparison.Ordinal);
        Assert.Contains("3 of 3 calls", text, StringComparison.Ordinal);
        Assert.Contains("quota reached", text, StringComparison.Ordinal);

        // local stop stops both: nothing is left running.
        var workerd = WorkerdPid();
        var stop = await _cli.RunAsync("local", "stop");
        Assert.Contains("usage ingest stopped", stop.Stdout, StringComparison.Ordinal);
        Assert.False(Processes.IsRunning(companion), "the usage ingest process outlived local stop");
        Assert.False(Processes.IsRunning(workerd), "workerd outlived local stop");
    }

    [Fact]
    public async Task UsageEndpointDown_BackoffAtMinutes_NoTraffic_EndpointBack_OutboxDrainsWithinSeconds_CountsExact()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var (url, key) = await ApplyWithKeyAsync();
        await KillCompanionAsync();

        const int calls = 5;
        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            for (var i = 0; i < calls; i++)
            {
                Assert.Equal("ok", await CallAsync(client, cts.Token));
            }
        }

        // No traffic; the server retries on its own backoff (1 s doubling): after 7 failed sends the next waits over a minute.
        var down = await WaitForUsageAsync(u => Outbox(u) is { } o && o.GetProperty("failures").GetInt32() >= 7, TimeSpan.FromSeconds(150), cts.Token);
        var outbox = Outbox(down)!.Value;
        Assert.Equal(calls, outbox.GetProperty("pending").GetInt64());
        var wait = outbox.GetProperty("nextAttemptAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.True(wait > TimeSpan.FromSeconds(55), $"the next attempt is only {wait} away");
        Assert.Equal(0, down.GetProperty("calls").GetInt64());
        Assert.False(down.GetProperty("delivery").GetProperty("complete").GetBoolean());
        Assert.Contains($"Incomplete: {calls} call(s) wait in the server's outbox", (await _cli.RunAsync("usage", ServerId)).Stdout, StringComparison.Ordinal);

        // The endpoint comes back (the next command that touches the runtime restarts it) and tells the server.
        var stopwatch = Stopwatch.StartNew();
        var again = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(again.Exit == 0, again.ToString());
        var drained = await WaitForUsageAsync(u => u.GetProperty("calls").GetInt64() >= calls, TimeSpan.FromSeconds(10), cts.Token);
        output.WriteLine($"backoff: next attempt was {wait.TotalSeconds:0} s away; apply + drain took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"drained after {stopwatch.Elapsed}, not within seconds");
        Assert.True(stopwatch.Elapsed < wait, "drained only when the backoff would have retried anyway");
        Assert.Equal(calls, drained.GetProperty("calls").GetInt64());
        Assert.Equal(0, Outbox(drained)!.Value.GetProperty("pending").GetInt64());
        Assert.True(drained.GetProperty("delivery").GetProperty("complete").GetBoolean(), drained.ToString());

        // Nothing counted twice: later flushes and sweeps deliver nothing more.
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        Assert.Equal(calls, (await UsageAsync()).GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task PastTheOutboxBound_TheDroppedCallsShowInUsage()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        WriteManifest("enterprise"); // no per-minute limit (the org 'local' is on enterprise)
        var (url, key) = await ApplyWithKeyAsync();
        await KillCompanionAsync();

        // The outbox keeps 10,000 events: 10,037 calls while the endpoint is down lose the 37 oldest.
        const int bound = 10_000;
        const int extra = 37;
        const int clients = 4;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            await using var client = await Mcp.ConnectAsync(url, key, cts.Token);
            var mine = (bound + extra) / clients + (c < (bound + extra) % clients ? 1 : 0);
            for (var i = 0; i < mine; i++)
            {
                // Arguments the tool refuses: a real call (counted), answered without any upstream request.
                var result = await client.CallToolAsync("fetch", new Dictionary<string, object?>(), cancellationToken: cts.Token);
                Assert.True(result.IsError);
            }
        }));
        var calling = stopwatch.Elapsed;

        // The last calls' events reach the outbox a moment after their answers (the isolates group them for 25 ms).
        var before = await WaitForUsageAsync(u => Outbox(u) is { } o && o.GetProperty("dropped").GetInt64() >= extra, TimeSpan.FromSeconds(10), cts.Token);
        Assert.Equal(bound, Outbox(before)!.Value.GetProperty("pending").GetInt64());
        Assert.Equal(extra, Outbox(before)!.Value.GetProperty("dropped").GetInt64());
        Assert.Contains($"Incomplete: {extra} call(s) were dropped by the server's full outbox", (await _cli.RunAsync("usage", ServerId)).Stdout, StringComparison.Ordinal);

        stopwatch.Restart();
        Assert.Equal(0, (await _cli.RunAsync("apply", "--source", Source)).Exit);
        var after = await WaitForUsageAsync(u => Outbox(u) is { } o && o.GetProperty("pending").GetInt64() == 0, TimeSpan.FromSeconds(30), cts.Token);
        output.WriteLine($"{bound + extra} calls by {clients} clients in {calling.TotalSeconds:0.0} s; apply + drain of {bound} events in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"10,000 events took {stopwatch.Elapsed} to drain (calls took {calling})");
        Assert.Equal(bound, after.GetProperty("calls").GetInt64());
        var delivery = after.GetProperty("delivery");
        Assert.Equal(extra, delivery.GetProperty("dropped").GetInt64());
        Assert.Equal(extra, delivery.GetProperty("droppedTotal").GetInt64());
        Assert.Equal(0, Outbox(after)!.Value.GetProperty("dropped").GetInt64());
        Assert.False(delivery.GetProperty("complete").GetBoolean());
        Assert.Matches($@"Incomplete: {extra} call\(s\) reported in \d{{4}}-\d{{2}} were lost: the server's outbox was full", (await _cli.RunAsync("usage", ServerId)).Stdout);
    }

    [Fact]
    public async Task Up_TakesOverTheUsageEndpoint_AndLeavesNothingRunningOnExit()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (url, key) = await ApplyWithKeyAsync();
        var companion = CompanionPid();

        using var up = new CliProcess(_data.Path, "up", "--source", Source);
        Assert.True(await up.WaitForOutputAsync(o => o.Contains("Reconciling examples/", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), up.ToString());
        Assert.False(Processes.IsRunning(companion), "up left the ingest companion running next to its own usage endpoint");
        Assert.Contains("usage ingest: served by another McpSaas process", (await _cli.RunAsync("local", "status")).Stdout, StringComparison.Ordinal);

        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            Assert.Equal("ok", await CallAsync(client, cts.Token));
            Assert.Equal("ok", await CallAsync(client, cts.Token));
        }

        await WaitForUsageAsync(u => u.GetProperty("calls").GetInt64() == 2, TimeSpan.FromSeconds(10), cts.Token);
        var workerd = WorkerdPid();
        up.Signal("INT");
        Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(Processes.IsRunning(workerd), "workerd outlived up");
        Assert.False(File.Exists(Path.Combine(_data.Path, "local", "ingest.pid")), "an ingest companion runs after up");
    }

    private async Task<(string Url, string Key)> ApplyWithKeyAsync()
    {
        var apply = await _cli.RunAsync("apply", "--source", Source);
        Assert.True(apply.Exit == 0, apply.ToString());
        var url = UrlPattern().Match(apply.Stdout).Value;
        Assert.NotEmpty(url);
        var created = await _cli.RunAsync("keys", "create", ServerId, "--name", "laptop");
        Assert.True(created.Exit == 0, created.ToString());
        return (url, Mcp.KeyIn(created.Stdout));
    }

    /// <summary>"ok", or "refused: message" for a JSON-RPC error (the quota's refusal).</summary>
    private async Task<string> CallAsync(McpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cancellationToken);
            return result.IsError == true ? "tool error: " + string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text)) : "ok";
        }
        catch (ModelContextProtocol.McpException e)
        {
            return "refused: " + e.Message;
        }
    }

    private async Task<JsonElement> UsageAsync()
    {
        var run = await _cli.RunAsync("usage", ServerId, "--json");
        Assert.True(run.Exit == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    private async Task<JsonElement> WaitForUsageAsync(Func<JsonElement, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement usage;
        do
        {
            usage = await UsageAsync();
            if (done(usage))
            {
                return usage;
            }

            await Task.Delay(200, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"usage never got there within {timeout}: {usage}");
        return usage;
    }

    private static JsonElement? Outbox(JsonElement usage) =>
        usage.GetProperty("delivery").GetProperty("outbox") is { ValueKind: JsonValueKind.Object } outbox ? outbox : null;

    /// <summary>The usage endpoint dies (as a crash would do it): workerd keeps serving, its usage waits in the outbox.</summary>
    private async Task KillCompanionAsync()
    {
        var pid = CompanionPid();
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        for (var i = 0; i < 100 && Processes.IsRunning(pid); i++)
        {
            await Task.Delay(20);
        }

        Assert.False(Processes.IsRunning(pid));
        Assert.Contains("usage ingest: not running", (await _cli.RunAsync("local", "status")).Stdout, StringComparison.Ordinal);
    }

    private int CompanionPid() => PidIn(Path.Combine(_data.Path, "local", "ingest.pid"));

    private int WorkerdPid() => PidIn(Path.Combine(_data.Path, "local", "workerd.pid"));

    private static int PidIn(string file)
    {
        Assert.True(File.Exists(file), $"{file} is missing");
        return JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("pid").GetInt32();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\S+/mcp")]
    private static partial Regex UrlPattern();
}
