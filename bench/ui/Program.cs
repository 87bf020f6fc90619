// bench/ui: the status UI's server time on its two heaviest pages, through the real web host (McpSaasHost on a loopback
// port, SQLite state store, the reconciler on the in-memory platform so every server has a real deployment record):
//   1. the overview of an org with 1,000 servers (target < 200 ms);
//   2. a server page with 100,000 calls over the last 30 days (target < 100 ms).
// Server time is measured inside the host (a middleware around the rest of the pipeline); the round trip is printed too.
using System.Diagnostics;
using System.Globalization;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var servers = Arg("--servers", 1000);
var calls = Arg("--calls", 100_000);
var rounds = Arg("--rounds", 30);
var home = Environment.GetEnvironmentVariable("MCPSAAS_HOME") ?? throw new InvalidOperationException("run through bench/ui/run (MCPSAAS_HOME)");
var root = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-ui-{Environment.ProcessId}");
Directory.CreateDirectory(root);
try
{
    var serverTimes = new System.Collections.Concurrent.ConcurrentQueue<double>();
    var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions
    {
        DataDirectory = Path.Combine(root, "data"),
        Urls = ["http://127.0.0.1:0"],
        WorkerRuntimeFolder = Path.Combine(home, "worker-runtime"),
        Platform = services => services.AddInMemoryPlatform(),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    var app = builder.Build();
    app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            serverTimes.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Task.CompletedTask;
        });
        await next(context);
    });
    app.UseAntiforgery();
    app.MapMcpSaasEndpoints();
    await app.StartAsync();
    var baseUrl = app.Urls.First().TrimEnd('/');
    var store = app.Services.GetRequiredService<IStateStore>();

    // 1,000 servers in 10 repositories; every 10th waits for a secret, the rest are deployed.
    Console.WriteLine($"setup: {servers:N0} servers (10 repositories), {calls:N0} calls on one server over 30 days…");
    var setup = Stopwatch.StartNew();
    await store.SetEntitlementAsync("bench", PlanTier.Enterprise, PlanLimitOverrides.None, CancellationToken.None);
    var reconciler = app.Services.GetRequiredService<RepoReconciler>();
    var perRepo = Math.Max(1, servers / 10);
    for (var r = 0; r < 10; r++)
    {
        var folder = Path.Combine(root, "repos", $"repo{r}");
        for (var s = 0; s < perRepo; s++)
        {
            var file = Path.Combine(folder, $"s{s:D3}", "mcp.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, s % 10 == 9 ? Waiting($"server-{s:D3}") : Deployed($"server-{s:D3}"));
        }

        var result = await reconciler.ReconcileAsync(new FolderSource(folder, $"repo{r}"), new RepoContext("bench", $"repo{r}", 1, 100 + r), apply: true, null, CancellationToken.None);
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"reconcile of repo{r} failed: {error.Message}");
        }
    }

    var busy = new McpSaas.Reconciler.Identity.ServerId("bench", "repo0", "server-000");
    var keys = new[] { "0a1b2c3d4e5f", "1a1b2c3d4e5f", "2a1b2c3d4e5f", null };
    var tools = new[] { "fetch", "search_repositories", "get_file_contents", "list_issues", "slack_post_message" };
    var now = DateTimeOffset.UtcNow;
    var batch = new List<UsageEvent>(1000);
    for (var i = 0; i < calls; i++)
    {
        batch.Add(new UsageEvent
        {
            EventId = $"e{i}",
            ServerId = busy,
            Tool = tools[i % tools.Length],
            KeyId = keys[i % keys.Length],
            Ok = i % 50 != 0,
            ErrorKind = i % 50 != 0 ? null : "upstream_error",
            DurationMs = 5 + (i % 40),
            Timestamp = now.AddSeconds(-(i * (29.0 * 86400 / calls))), // the window: today and the 29 days before
        });
        if (batch.Count == 1000)
        {
            await store.RecordUsageAsync("bench", batch, CancellationToken.None);
            batch.Clear();
        }
    }

    await store.RecordUsageAsync("bench", batch, CancellationToken.None);
    Console.WriteLine($"setup done in {setup.Elapsed.TotalSeconds:F1} s");

    using var http = new HttpClient();
    var overview = await MeasureAsync(http, baseUrl + "/orgs/bench", rounds, serverTimes,
        html => html.Split("<tr data-server=").Length - 1 == perRepo * 10 && html.Contains("Waiting for a secret", StringComparison.Ordinal));
    var overviewJson = await MeasureAsync(http, baseUrl + "/api/orgs/bench/overview", rounds, serverTimes, json => json.Contains("\"servers\"", StringComparison.Ordinal));
    var page = await MeasureAsync(http, baseUrl + "/orgs/bench/servers/repo0/server-000", rounds, serverTimes,
        html => html.Contains($"data-usage-calls=\"{calls}\"", StringComparison.Ordinal));
    var pageJson = await MeasureAsync(http, baseUrl + "/api/orgs/bench/servers/repo0/server-000", rounds, serverTimes, json => json.Contains("\"recentCalls\"", StringComparison.Ordinal));

    Console.WriteLine();
    Console.WriteLine($"overview, {servers:N0} servers (HTML)            server p50 {overview.P50,7:F1} ms  p95 {overview.P95,7:F1} ms  max {overview.Max,7:F1} ms  round trip p50 {overview.RoundTripP50:F1} ms  {Verdict(overview.P95, 200)}");
    Console.WriteLine($"overview, {servers:N0} servers (JSON)            server p50 {overviewJson.P50,7:F1} ms  p95 {overviewJson.P95,7:F1} ms  max {overviewJson.Max,7:F1} ms  round trip p50 {overviewJson.RoundTripP50:F1} ms  {Verdict(overviewJson.P95, 200)}");
    Console.WriteLine($"server page, {calls:N0} calls in 30 days (HTML)  server p50 {page.P50,7:F1} ms  p95 {page.P95,7:F1} ms  max {page.Max,7:F1} ms  round trip p50 {page.RoundTripP50:F1} ms  {Verdict(page.P95, 100)}");
    Console.WriteLine($"server page, {calls:N0} calls in 30 days (JSON)  server p50 {pageJson.P50,7:F1} ms  p95 {pageJson.P95,7:F1} ms  max {pageJson.Max,7:F1} ms  round trip p50 {pageJson.RoundTripP50:F1} ms  {Verdict(pageJson.P95, 100)}");
    Console.WriteLine($"({rounds} rounds each after 5 warm-up requests; HTML sizes: overview {overview.Bytes:N0} bytes, server page {page.Bytes:N0} bytes)");
    await app.StopAsync();
    await app.DisposeAsync();
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

static async Task<Figures> MeasureAsync(HttpClient http, string url, int rounds, System.Collections.Concurrent.ConcurrentQueue<double> serverTimes, Func<string, bool> check)
{
    var body = "";
    for (var i = 0; i < 5; i++)
    {
        body = await http.GetStringAsync(url);
    }

    if (!check(body))
    {
        throw new InvalidOperationException($"{url} does not show what the bench set up");
    }

    serverTimes.Clear();
    var trips = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        trips.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        response.EnsureSuccessStatusCode();
        body = System.Text.Encoding.UTF8.GetString(bytes);
    }

    var server = serverTimes.Order().ToList();
    trips.Sort();
    return new Figures(Percentile(server, 0.5), Percentile(server, 0.95), server[^1], Percentile(trips, 0.5), body.Length);
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Verdict(double p95, double target) => p95 < target ? $"(target < {target} ms: met)" : $"(target < {target} ms: MISSED)";

static string Deployed(string name) => $$"""
    apiVersion: mcpsaas.dev/v1
    kind: McpServer
    metadata:
      name: {{name}}
    spec:
      plan: enterprise
      tools:
        - use: fetch
          with: { allowedHosts: [docs.example.com] }
        - use: fetch
          as: web
          with: { allowedHosts: [example.org] }
    """;

static string Waiting(string name) => $$"""
    apiVersion: mcpsaas.dev/v1
    kind: McpServer
    metadata:
      name: {{name}}
    spec:
      plan: enterprise
      tools:
        - use: slack
          secrets: { botToken: never-set }
    """;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Figures(double P50, double P95, double Max, double RoundTripP50, int Bytes);
