using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// `./mcpsaas up` on the examples, as a user runs it: URLs and keys printed, a real client served, Ctrl-C and SIGTERM
/// stop workerd, and no way out leaves it running. Independent of how the suite was started: Ctrl-C is sent to a process
/// started with SIGINT at its default disposition (a background run inherits it ignored); SIGTERM is never ignored.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class UpTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-e2e-up");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Up_ServesTheExamples_PrintsUrlAndKeyOnce_ListsMissingSecrets_AndCtrlCStopsWorkerd()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var up = new CliProcess(_data.Path, interruptible: true, "up");

        var ready = await up.WaitForOutputAsync(o => o.Contains("key 'default'", StringComparison.Ordinal) && o.Contains("secrets set local", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        Assert.True(ready, up.ToString());
        var output = up.Stdout;
        var url = Regex.Match(output, @"\+ local/examples/docs-reader\s+(http://127\.0\.0\.1:\d+/local/examples/docs-reader/mcp)").Groups[1].Value;
        Assert.True(url.Length > 0, output);
        Assert.Contains("./mcpsaas secrets set local slack-bot", output, StringComparison.Ordinal);
        var key = Mcp.KeyIn(output);

        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
            Assert.Contains(tools, t => t.Name == "fetch");
        }

        var workerdPid = await WorkerdPidAsync(up, cts.Token);

        up.Signal("INT");
        var exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 0, $"exit {exit}\n{up}");
        Assert.Contains("Stopped", up.Stdout, StringComparison.Ordinal);
        Assert.False(Processes.IsRunning(workerdPid), "workerd still runs after Ctrl-C");
        // The key was printed once: a second up on the same data folder does not print it again.
        Assert.Single(Regex.Matches(up.Stdout, Regex.Escape(key)));
    }

    [Fact]
    public async Task Up_SigTerm_StopsWorkerd_AndExitsZero()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var up = new CliProcess(_data.Path, "up");
        Assert.True(await up.WaitForOutputAsync(o => o.Contains("key 'default'", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), up.ToString());
        var workerdPid = await WorkerdPidAsync(up, cts.Token);
        Assert.True(Processes.IsRunning(workerdPid));

        up.Signal("TERM");
        var exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 0, $"exit {exit}\n{up}");
        Assert.Contains("Stopped: the local runtime is down.", up.Stdout, StringComparison.Ordinal);
        Assert.False(Processes.IsRunning(workerdPid), "workerd still runs after SIGTERM");
    }

    [Fact]
    public async Task Up_SourceNotUsableAsARepositoryName_IsAUsageError_NothingStarts()
    {
        using var source = new TempDir("mcpsaas-e2e-up-src");
        var spaced = source.Combine("a path with a space");
        Directory.CreateDirectory(spaced);
        File.Copy(Path.Combine(Checkout.Root, "examples", "docs-reader", "mcp.yaml"), Path.Combine(spaced, "mcp.yaml"));

        var run = await new McpSaasCli(_data.Path).RunAsync("up", "--source", spaced).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(run.Exit == 2, run.ToString());
        Assert.Contains("'a path with a space'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be a repository name", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "local", "workerd.pid")), "no runtime was started");
    }

    [Fact]
    public async Task Up_WhateverEndsIt_NeverLeavesWorkerdRunning()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var up = new CliProcess(_data.Path, "up", "--interval", "0.5");
        Assert.True(await up.WaitForOutputAsync(o => o.Contains("key 'default'", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), up.ToString());
        var workerdPid = await WorkerdPidAsync(up, cts.Token);

        // Damage what the local platform reads back on every tick. Whether `up` survives it (one server's files
        // affect that server only) or ends on it, workerd must not outlive it.
        foreach (var deployment in Directory.EnumerateFiles(Path.Combine(_data.Path, "local", "workers"), "deployment.json", SearchOption.AllDirectories))
        {
            await File.WriteAllTextAsync(deployment, "{ not json", cts.Token);
        }

        var exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(5));
        if (exit is null)
        {
            up.Signal("TERM");
            exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        Assert.True(exit is not null, up.ToString());
        Assert.False(Processes.IsRunning(workerdPid), $"workerd ({workerdPid}) still runs after `up` ended (exit {exit})\n{up}");
    }

    private async Task<int> WorkerdPidAsync(CliProcess up, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(_data.Path, "local", "workerd.pid");
        Assert.True(File.Exists(pidFile), up.ToString());
        return int.Parse(Regex.Match(await File.ReadAllTextAsync(pidFile, cancellationToken), "\"pid\":\\s*(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
