using System.Net;
using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// A property of the whole system (issue #9): for a random set of servers on real workerd, breaking any one of them
/// — its manifest, its secret, its deployment record or a module file — leaves every other server exactly as it was:
/// same deployment on disk, same answers to its key. Seeds are fixed so a failure reproduces.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class FaultIsolationPropertyTests : IAsyncLifetime
{
    private StubUpstreams _stubs = null!;

    public async Task InitializeAsync() => _stubs = await StubUpstreams.StartAsync();

    public async Task DisposeAsync() => await _stubs.DisposeAsync();

    public enum Breakage
    {
        Manifest,
        Secret,
        DeploymentRecord,
        ModuleFile,
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task BreakingAnyOneServer_LeavesEveryOtherServersAnswersUnchanged(int seed)
    {
        var random = new Random(seed);
        using var data = new TempDir("mcpsaas-e2e-prop");
        using var folder = new TempDir("mcpsaas-e2e-prop-repo");
        var cli = new McpSaasCli(data.Path);
        try
        {
            var count = random.Next(3, 6);
            var servers = Enumerable.Range(0, count).Select(i => (Name: $"s{i}", Secret: random.Next(2) == 0 ? $"sec{i}" : null)).ToList();
            foreach (var (name, secret) in servers)
            {
                if (secret is not null)
                {
                    Assert.Equal(0, (await cli.RunWithInputAsync(StubUpstreams.SlackToken, "secrets", "set", "local", secret)).Exit);
                }

                folder.Write($"{name}/mcp.yaml", Manifest(name, secret));
            }

            var first = await cli.RunAsync("apply", "--source", folder.Path);
            Assert.True(first.Exit == 0, first.ToString());
            var repo = Path.GetFileName(folder.Path);
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, _) in servers)
            {
                keys[name] = Mcp.KeyIn((await cli.RunAsync("keys", "create", $"local/{repo}/{name}")).Stdout);
            }

            var before = await SnapshotAsync(cli, data.Path, repo, servers.Select(s => s.Name), keys);

            var victim = servers[random.Next(count)];
            var kinds = victim.Secret is null ? new[] { Breakage.Manifest, Breakage.DeploymentRecord, Breakage.ModuleFile } : Enum.GetValues<Breakage>();
            var kind = kinds[random.Next(kinds.Length)];
            var victimFolder = WorkerFolder(data.Path, $"local/{repo}/{victim.Name}");
            switch (kind)
            {
                case Breakage.Manifest:
                    folder.Write($"{victim.Name}/mcp.yaml", "apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata: { name: " + victim.Name + " }\nspec: { plan: free, tools: [ { use: slak } ] }\n");
                    break;
                case Breakage.Secret:
                    Assert.Equal(0, (await cli.RunAsync("secrets", "rm", "local", victim.Secret!)).Exit);
                    break;
                case Breakage.DeploymentRecord:
                    await File.WriteAllTextAsync(Path.Combine(victimFolder, "deployment.json"), "{ damaged");
                    break;
                case Breakage.ModuleFile:
                    await File.AppendAllTextAsync(Path.Combine(victimFolder, "main.mjs"), "\n// edited by hand\n");
                    break;
            }

            await cli.RunAsync("apply", "--source", folder.Path);
            await cli.RunAsync("local", "stop");
            await cli.RunAsync("apply", "--source", folder.Path); // and after a restart of the runtime

            var after = await SnapshotAsync(cli, data.Path, repo, servers.Select(s => s.Name).Where(n => n != victim.Name), keys);
            foreach (var (name, state) in after)
            {
                Assert.True(before[name] == state, $"seed {seed}: breaking {victim.Name} by {kind} changed {name}: {before[name]} -> {state}");
            }
        }
        finally
        {
            await cli.RunAsync("local", "stop");
        }
    }

    private string Manifest(string name, string? secret) => secret is null
        ? $$"""
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
            """
        : $$"""
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
                    botToken: {{secret}}
            """;

    private static string WorkerFolder(string data, string serverId) =>
        Path.GetDirectoryName(Directory.EnumerateFiles(Path.Combine(data, "local", "workers"), "deployment.json", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f).Contains($"\"{serverId}\"", StringComparison.Ordinal)))!;

    /// <summary>Per server: its deployment record on disk and how its Worker answers its key (status and tool names).</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(McpSaasCli cli, string data, string repo, IEnumerable<string> names, Dictionary<string, string> keys)
    {
        var list = await cli.RunAsync("servers", "list", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var urls = json.RootElement.GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("url").GetString());
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var id = $"local/{repo}/{name}";
            var record = await File.ReadAllTextAsync(Path.Combine(WorkerFolder(data, id), "deployment.json"));
            var url = urls[id]!;
            var status = await Mcp.InitializeStatusAsync(url, keys[name]);
            var tools = "";
            if (status == HttpStatusCode.OK)
            {
                await using var client = await Mcp.ConnectAsync(url, keys[name], CancellationToken.None);
                tools = string.Join(",", (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));
            }

            result[name] = $"{status} [{tools}] record {record.GetHashCode(StringComparison.Ordinal)}";
        }

        return result;
    }
}
