// bench/cloudflare: the reconcile pipeline on the Cloudflare platform (the real client and CloudflarePlatform) against
// the fake Cloudflare API on loopback, without workerd (RunWorkers = false). 10,000 servers across 100 git repositories,
// one PlatformObservation (one account-wide listing) per tick across every repository:
//   first apply — API calls by kind and time, with a budget large enough not to wait; and the wall time Cloudflare's
//                 1,200 requests / 5 min would impose (computed; --simulate-budget runs it on a fake clock, deferring
//                 what the budget cannot take to the next tick);
//   no-op       — target: at most 1 list call, 0 writes, < 2 s;
//   one change  — target: 1 upload, < 2 s.
using System.Diagnostics;
using System.Globalization;
using LibGit2Sharp;
using McpSaas.Bench;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Sources;
using McpSaas.Schema.Catalog;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

var repos = Arg("--repos", 100);
var perRepo = Arg("--servers-per-repo", 100);
var simulate = args.Contains("--simulate-budget");
var root = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-cloudflare-{Environment.ProcessId}");
Directory.CreateDirectory(root);
try
{
    var repoPaths = BenchFleet.Create(root, repos, perRepo);

    // Runtime modules of realistic size (the built runtime is ≈ 390 KB, a tool module a few KB): what every upload carries.
    var runtime = new RuntimeBundle(
        WorkerModule.Create("runtime.mjs", "export class McpSession {}\nexport class McpLimiter {}\nexport function createWorker() {}\n// " + new string('r', 390_000) + "\n"),
        ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"// {t.Id}\n" + new string('t', 8_000))));

    // 1. Measured: a budget large enough never to wait (the fake's limit and the client's raised alike).
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions
        {
            RunWorkers = false, RecordRequestBodies = false, MaxScripts = 1_000_000, RateLimit = 1_000_000,
        });
        using var services = Compose(runtime, Path.Combine(root, "data"), fake, TimeProvider.System, budget: CloudflareOptionsValidator.MaxRequestBudget);
        var bench = new Bench(services, fake, repoPaths, Path.Combine(root, "data"));

        var first = await bench.TickAsync("first apply", repoPaths.Count);
        var windows = (int)Math.Ceiling(first.Calls / 1200.0);
        var lastBatch = first.Calls - ((windows - 1) * 1200);
        var wall = TimeSpan.FromMinutes(5 * (windows - 1)) + (first.Elapsed * lastBatch / first.Calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  → at Cloudflare's 1,200 requests / 5 min: {windows} budget window(s), wall time ≈ {Hours(wall)} (one tick of the scheduler per freed window)"));

        var noop = await bench.TickAsync("no-op (unchanged commits)", repoPaths.Count);
        var noop2 = await bench.TickAsync("no-op again (warm)", repoPaths.Count);

        // One server changes in one repository: its repository's reconcile (a tick of its own: one listing).
        var changedRepo = repoPaths[repos / 2];
        var changedServer = Math.Min(42, perRepo - 1);
        File.WriteAllText(Path.Combine(changedRepo, "servers", $"s{changedServer:D3}", "mcp.yaml"), BenchFleet.Manifest($"server-{changedServer:D3}", "example.net"));
        using (var repo = new Repository(changedRepo))
        {
            Commands.Stage(repo, "*");
            repo.Commit("change one server", BenchFleet.Author, BenchFleet.Author);
        }

        var one = await bench.TickAsync("one changed server (its repo)", 1, only: repos / 2);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"targets: no-op ≤ 1 list call, 0 writes, < 2 s: {Verdict(noop.Lists <= 1 && noop.Writes == 0 && noop.Elapsed.TotalSeconds < 2)} " +
            $"({noop.Lists} list, {noop.Writes} writes, {noop.Elapsed.TotalSeconds:0.000} s; warm {noop2.Elapsed.TotalSeconds:0.000} s); " +
            $"one change: 1 upload, < 2 s: {Verdict(one.Uploads == 1 && one.Elapsed.TotalSeconds < 2)} ({one.Uploads} upload, {one.Calls} calls, {one.Elapsed.TotalSeconds:0.000} s)"));
    }

    // 2. Cloudflare's real budget on a fake clock: every tick defers what the budget cannot take; the clock jumps to the
    //    next free slot between ticks (a scheduler would tick then). Same servers, a fresh account and data folder.
    if (simulate)
    {
        Console.WriteLine();
        Console.WriteLine("simulated: 1,200 requests / 5 min (the fake's limit and the client's budget), fake clock…");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions
        {
            RunWorkers = false, RecordRequestBodies = false, MaxScripts = 1_000_000, Clock = clock,
        });
        using var services = Compose(runtime, Path.Combine(root, "data-simulated"), fake, clock, budget: 1200);
        var bench = new Bench(services, fake, repoPaths, Path.Combine(root, "data-simulated"));
        var budget = services.GetRequiredService<CloudflarePlatform>().Budget;
        var start = clock.GetUtcNow();
        var cpu = TimeSpan.Zero;
        var ticks = 0;
        var calls = 0;
        while (true)
        {
            ticks++;
            var tick = await bench.TickAsync($"tick {ticks} at +{Hours(clock.GetUtcNow() - start)}", repoPaths.Count, quiet: ticks > 3);
            cpu += tick.Elapsed;
            calls += tick.Calls;
            if (tick.Failed == 0 && tick.Writes == 0)
            {
                break;
            }

            var next = budget.NextFreeAt();
            clock.Advance(next > clock.GetUtcNow() ? next - clock.GetUtcNow() : TimeSpan.FromSeconds(1));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulated first apply: {ticks - 1} ticks until converged (+1 no-op), {calls:N0} API calls, wall time {Hours(clock.GetUtcNow() - start)} on the fake clock, {cpu.TotalSeconds:0.0} s of real time; 429s: {fake.Requests.Count(r => r.Status == 429)}"));
    }
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

static ServiceProvider Compose(RuntimeBundle runtime, string data, FakeCloudflareApi fake, TimeProvider time, int budget) =>
    new ServiceCollection()
        .AddSingleton(runtime)
        .AddSingleton(time)
        .AddMcpSaasReconciler(o => o.DataDirectory = data)
        .AddCloudflarePlatform(
            api =>
            {
                api.AccountId = fake.AccountId;
                api.ApiToken = fake.ApiToken;
                api.ApiBaseUrl = fake.BaseUrl;
                api.RequestBudget = budget;
            },
            platform => platform.PublicBaseUrl = "https://mcpsaas.example")
        .BuildServiceProvider();

static string Hours(TimeSpan t) => t.TotalHours >= 1
    ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:D2} min")
    : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.0} min");

static string Verdict(bool ok) => ok ? "met" : "MISSED";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Ticks of the reconciler over the repositories, with the API calls each made (from the fake's record).</summary>
internal sealed class Bench(ServiceProvider services, FakeCloudflareApi fake, List<string> repoPaths, string data)
{
    private readonly RepoReconciler _reconciler = services.GetRequiredService<RepoReconciler>();
    private readonly IWorkerPlatform _platform = services.GetRequiredService<IWorkerPlatform>();
    private readonly List<GitSource> _sources = [.. repoPaths.Select(p => new GitSource("file://" + p, Path.Combine(data, "git"), repoName: Path.GetFileName(p)))];

    public async Task<TickResult> TickAsync(string name, int count, int only = -1, bool quiet = false)
    {
        var before = fake.Requests.Count;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        var tick = new PlatformObservation(_platform); // one account-wide listing for every repository of the tick
        foreach (var source in only >= 0 ? [_sources[only]] : _sources.Take(count))
        {
            var result = await _reconciler.ReconcileAsync(
                new ReconcileRequest { Source = source, Repo = new RepoContext("local", source.RepoName), Apply = true, Observation = tick }, CancellationToken.None);
            failed += result.Outcomes.Count(o => !o.Succeeded) + (result.Error is null ? 0 : 1);
        }

        watch.Stop();
        var requests = fake.Requests.Skip(before).ToList();
        var byKind = requests.GroupBy(Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}");
        var result2 = new TickResult(watch.Elapsed, requests.Count, requests.Count(r => Kind(r) == "list"), requests.Count(r => r.IsWrite),
            requests.Count(r => Kind(r) == "upload"), failed);
        if (!quiet)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-34} {watch.Elapsed.TotalSeconds,8:0.000} s   API calls {requests.Count,6:N0} ({string.Join(", ", byKind)})   writes {result2.Writes:N0}   not done {failed:N0}   peak RSS {PeakRssMb()} MB"));
        }

        return result2;
    }

    private static string Kind(RecordedRequest r) => (r.Method, r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
    {
        [.., "workers", "scripts"] => "scripts",
        [.., "workers", "subdomain"] => "account-subdomain",
        [.., "scripts", _] => "script",
        [.., "scripts", _, var sub] => sub,
        _ => "other",
    }) switch
    {
        ("GET", "scripts") => "list",
        ("PUT", "script") => "upload",
        ("DELETE", "script") => "delete",
        ("GET", "account-subdomain") => "subdomain",
        ("POST", "subdomain") => "workers.dev",
        ("PATCH", "secrets-bulk") => "secrets-bulk",
        ("PATCH", "script-settings") => "tags",
        ("PATCH", "settings") => "settings",
        var (method, what) => $"{method} {what}",
    };

    private static long PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }
}

internal sealed record TickResult(TimeSpan Elapsed, int Calls, int Lists, int Writes, int Uploads, int Failed);
