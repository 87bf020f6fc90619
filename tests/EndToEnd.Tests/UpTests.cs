using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>`./mcpsaas up` on the examples, as a user runs it: URLs and keys printed, a real client served, Ctrl-C stops workerd.</summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class UpTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-e2e-up");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Up_ServesTheExamples_PrintsUrlAndKeyOnce_ListsMissingSecrets_AndCtrlCStopsWorkerd()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var up = new CliProcess(_data.Path, "up");

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

        var pidFile = Path.Combine(_data.Path, "local", "workerd.pid");
        Assert.True(File.Exists(pidFile), up.ToString());
        var workerdPid = int.Parse(Regex.Match(await File.ReadAllTextAsync(pidFile, cts.Token), "\"pid\":\\s*(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        up.Signal("INT");
        var exit = await up.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 0, $"exit {exit}\n{up}");
        Assert.Contains("Stopped", up.Stdout, StringComparison.Ordinal);
        Assert.False(IsRunning(workerdPid), "workerd still runs after Ctrl-C");
        // The key was printed once: a second up on the same data folder does not print it again.
        Assert.Single(Regex.Matches(up.Stdout, Regex.Escape(key)));
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..][0] is not 'Z' and not 'X';
    }
}
