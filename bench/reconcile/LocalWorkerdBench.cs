using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Identity;
using Microsoft.Extensions.DependencyInjection;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;

/// <summary>
/// Part 2: on the real local workerd with N servers, the time from a commit to the new tool being callable
/// (git fetch, reconcile, deploy, workerd restart, the client sees it in tools/list), over several changes.
/// </summary>
internal static class LocalWorkerdBench
{
    public static async Task RunAsync(int servers, int changes)
    {
        var home = FindCheckout();
        var root = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-workerd-{Environment.ProcessId}");
        var repoPath = Path.Combine(root, "repo");
        var data = Path.Combine(root, "data");
        Repository.Init(repoPath);
        var author = new Signature("bench", "bench@example.com", DateTimeOffset.UnixEpoch);
        using (var repo = new Repository(repoPath))
        {
            repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
            for (var i = 0; i < servers; i++)
            {
                Write(repoPath, i, alias: null);
            }

            Commands.Stage(repo, "*");
            repo.Commit("servers", author, author);
        }

        var port = LoopbackPorts.Any();
        var usagePort = LoopbackPorts.Any();
        using var services = new ServiceCollection()
            .AddMcpSaasReconciler(o =>
            {
                o.DataDirectory = data;
                o.WorkerRuntimeFolder = Path.Combine(home, "worker-runtime");
            })
            .AddLocalWorkerdPlatform(_ => new LocalPlatformOptions
            {
                DataDirectory = data,
                WorkerdPath = LocalPlatformOptions.DefaultWorkerdPath(home),
                Port = port,
                UsageAddress = $"127.0.0.1:{usagePort}",
            })
            .BuildServiceProvider();
        var store = services.GetRequiredService<IStateStore>();
        var platform = services.GetRequiredService<LocalWorkerdPlatform>();
        var reconciler = services.GetRequiredService<RepoReconciler>();
        var source = new GitSource("file://" + repoPath, Path.Combine(data, "git"), repoName: "bench");
        var context = new RepoContext("local", "bench");
        try
        {
            var watch = Stopwatch.StartNew();
            var first = await reconciler.ReconcileAsync(source, context, apply: true, null, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first apply of {servers} servers on workerd: {watch.Elapsed.TotalSeconds:0.00} s ({first.Outcomes.Count(o => o.Succeeded)} created)"));

            var target = new ServerId("local", "bench", "server-000");
            var apiKey = (await new ApiKeyService(store).CreateAsync(target, "bench", "bench", CancellationToken.None)).Key!.Reveal();
            await reconciler.ReconcileAsync(source, context, apply: true, null, CancellationToken.None);
            var url = $"http://127.0.0.1:{port}/local/bench/server-000/mcp";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            var samples = new List<double>();
            var applied = new List<double>();
            for (var change = 1; change <= changes; change++)
            {
                var alias = $"f{change}";
                Write(repoPath, 0, alias);
                using (var repo = new Repository(repoPath))
                {
                    Commands.Stage(repo, "*");
                    repo.Commit($"change {change}", author, author);
                }

                var clock = Stopwatch.StartNew();
                await reconciler.ReconcileAsync(source, context, apply: true, null, CancellationToken.None);
                applied.Add(clock.Elapsed.TotalMilliseconds);
                while (!await ListsAsync(http, url, apiKey, $"{alias}_fetch"))
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new TimeoutException($"{alias}_fetch never appeared");
                    }

                    await Task.Delay(10);
                }

                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine("each change (ms, in order): " + string.Join(' ', samples.Select(s => s.ToString("0", CultureInfo.InvariantCulture))));
            Console.WriteLine("  of which apply (ms):      " + string.Join(' ', applied.Select(s => s.ToString("0", CultureInfo.InvariantCulture))));
            samples.Sort();
            double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"commit → new tool callable, {servers} servers, {changes} changes: p50 {P(0.5):0} ms, p99 {P(0.99):0} ms, max {samples[^1]:0} ms (target p99 < 3000 ms: {(P(0.99) < 3000 ? "met" : "MISSED")})"));
        }
        finally
        {
            await platform.StopAsync(CancellationToken.None);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Write(string repoPath, int index, string? alias)
    {
        var file = Path.Combine(repoPath, $"s{index:D3}", "mcp.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var extra = alias is null ? "" : $"""

                - use: fetch
                  as: {alias}
                  with:
                    allowedHosts: [other.example.com]
            """;
        File.WriteAllText(file, $"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: server-{index:D3}
            spec:
              plan: pro
              tools:
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]{extra}
            """);
    }

    private static async Task<bool> ListsAsync(HttpClient http, string url, string key, string tool)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-06-18");
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && body.Contains($"\"{tool}\"", StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string FindCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.GetEnvironmentVariable("MCPSAAS_HOME") ?? Directory.GetCurrentDirectory();
    }
}
