using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>Killing mcpsaas in the middle of an apply loses nothing: the next apply converges, without duplicates.</summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Servers = 40;
    private readonly TempDir _data = new("mcpsaas-e2e-crash");
    private readonly GitRepo _repo = new();
    private McpSaasCli _cli = null!;

    public Task InitializeAsync()
    {
        _cli = new McpSaasCli(_data.Path);
        for (var i = 0; i < Servers; i++)
        {
            _repo.Write($"s{i:D2}/mcp.yaml", $"""
                apiVersion: mcpsaas.dev/v1
                kind: McpServer
                metadata:
                  name: server-{i:D2}
                spec:
                  plan: free
                  tools:
                    - use: fetch
                      with:
                        allowedHosts: [docs.example.com]
                """);
        }

        _repo.Commit("servers");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task KilledMidApply_ApplyAgain_Converges_WithNoDuplicate()
    {
        var workers = Path.Combine(_data.Path, "local", "workers");
        using (var first = new CliProcess(_data.Path, "apply", "--source", "file://" + _repo.Path))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !(Directory.Exists(workers) && Directory.EnumerateDirectories(workers).Any(d => !Path.GetFileName(d).StartsWith('.'))))
            {
                await Task.Delay(5);
            }

            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.DoesNotContain("Apply complete", first.Stdout, StringComparison.Ordinal);
        }

        var again = await _cli.RunAsync("apply", "--source", "file://" + _repo.Path);

        Assert.True(again.Exit == 0, again.ToString());
        Assert.Equal(Servers, Directory.EnumerateDirectories(workers).Count(d => !Path.GetFileName(d).StartsWith('.')));
        using var list = JsonDocument.Parse((await _cli.RunAsync("servers", "list", "--json")).Stdout);
        var servers = list.RootElement.GetProperty("servers").EnumerateArray().ToList();
        Assert.Equal(Servers, servers.Count);
        Assert.All(servers, s => Assert.Equal("ready", s.GetProperty("state").GetString()));
        Assert.Equal(Servers, servers.Select(s => s.GetProperty("url").GetString()).Distinct().Count());

        var third = await _cli.RunAsync("apply", "--source", "file://" + _repo.Path);
        Assert.Contains("No changes.", third.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Servers} server(s)", (await _cli.RunAsync("local", "status")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledWhileTheNewRuntimeStarts_ApplyAgain_EndsTheOrphan_AndServesAlone()
    {
        // The window between starting workerd and recording it (it compiles every Worker first): an apply killed there
        // leaves a workerd nobody recorded, which held the port ("in use by another program") or shared it with stale code.
        var starting = Path.Combine(_data.Path, "local", "workerd.starting.pid");
        int orphan;
        using (var first = new CliProcess(_data.Path, "apply", "--source", "file://" + _repo.Path))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !File.Exists(starting))
            {
                await Task.Delay(2);
            }

            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.True(File.Exists(starting), "the start of workerd was never caught: " + first);
            orphan = int.Parse(await File.ReadAllTextAsync(starting), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.True(Directory.Exists($"/proc/{orphan}"), "the killed apply's workerd outlives it");

        var again = await _cli.RunAsync("apply", "--source", "file://" + _repo.Path);

        Assert.True(again.Exit == 0, again.ToString());
        Assert.False(Processes.IsRunning(orphan), "the orphan was stopped");
        Assert.False(File.Exists(starting));
        Assert.Contains($"{Servers} server(s)", (await _cli.RunAsync("local", "status")).Stdout, StringComparison.Ordinal);
        var runtimes = Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
            .Where(p => p.All(char.IsAsciiDigit)).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => Processes.CommandLine(pid) is var line && line.Contains(Path.Combine(_data.Path, "local"), StringComparison.Ordinal)
                && line.Contains("workerd", StringComparison.Ordinal) && Processes.IsRunning(pid))
            .ToList();
        Assert.Single(runtimes);
    }
}
