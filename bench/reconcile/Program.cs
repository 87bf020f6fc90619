// bench/reconcile: the reconcile pipeline (source → load → desire → observe → plan → apply → record) at scale,
// with the platform replaced by an in-memory recorder, so it measures McpSaas and not a runtime.
// 10,000 servers across 100 git repositories: first plan, first apply, a no-op reconcile of unchanged commits,
// and one changed server. Prints time, platform calls and peak RSS.
using System.Diagnostics;
using System.Globalization;
using LibGit2Sharp;
using McpSaas.Bench;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Schema.Catalog;
using Microsoft.Extensions.DependencyInjection;

if (args.Contains("--workerd"))
{
    await LocalWorkerdBench.RunAsync(Arg("--servers", 50), Arg("--changes", 20));
    return;
}

var repos = Arg("--repos", 100);
var perRepo = Arg("--servers-per-repo", 100);
var root = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-reconcile-{Environment.ProcessId}");
Directory.CreateDirectory(root);
try
{
    var repoPaths = BenchFleet.Create(root, repos, perRepo);

    var data = Path.Combine(root, "data");
    var platform = new InMemoryPlatform();
    // Runtime modules of realistic size (the built runtime is ≈ 300 KB, a tool module a few KB).
    var runtime = new RuntimeBundle(
        WorkerModule.Create("runtime.mjs", new string('r', 300_000)),
        ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"// {t.Id}\n" + new string('t', 8_000))));
    using var services = new ServiceCollection()
        .AddSingleton(runtime)
        .AddMcpSaasReconciler(o => o.DataDirectory = data)
        .AddInMemoryPlatform(platform)
        .BuildServiceProvider();
    var reconciler = services.GetRequiredService<RepoReconciler>();
    var sources = repoPaths.Select(p => new GitSource("file://" + p, Path.Combine(data, "git"), repoName: Path.GetFileName(p))).ToList();

    async Task<(double Seconds, int Add, int Change, int Deploys)> Run(string name, bool apply, IEnumerable<GitSource> which)
    {
        var before = platform.Deploys;
        var add = 0;
        var change = 0;
        var watch = Stopwatch.StartNew();
        var tick = new PlatformObservation(platform); // one account-wide listing per pass, as a scheduler tick has
        foreach (var source in which)
        {
            var result = await reconciler.ReconcileAsync(
                new ReconcileRequest { Source = source, Repo = new RepoContext("local", source.RepoName), Apply = apply, Observation = tick }, CancellationToken.None);
            add += result.Plan.ToAdd;
            change += result.Plan.ToChange;
        }

        watch.Stop();
        var deploys = platform.Deploys - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {watch.Elapsed.TotalSeconds,7:0.000} s   plan +{add} ~{change}   deploy calls {deploys,6}   peak RSS {PeakRssMb(),4} MB"));
        return (watch.Elapsed.TotalSeconds, add, change, deploys);
    }

    await Run($"first plan ({repos * perRepo:N0} servers, cold)", apply: false, sources);
    await Run("first apply", apply: true, sources);
    var noop = await Run("no-op reconcile, unchanged commits", apply: true, sources);
    var noop2 = await Run("no-op reconcile again (warm)", apply: true, sources);

    // One server changes in one repository.
    var changedRepo = repoPaths[repos / 2];
    var changedServer = Math.Min(42, perRepo - 1);
File.WriteAllText(Path.Combine(changedRepo, "servers", $"s{changedServer:D3}", "mcp.yaml"), BenchFleet.Manifest($"server-{changedServer:D3}", "example.net"));
    using (var repo = new Repository(changedRepo))
    {
        Commands.Stage(repo, "*");
        repo.Commit("change one server", BenchFleet.Author, BenchFleet.Author);
    }

    var one = await Run("one changed server (its repo)", apply: true, [sources[repos / 2]]);

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"targets: no-op < 5 s with 0 deploy calls (aim < 1 s): {Verdict(noop.Seconds < 5 && noop.Deploys == 0)} ({noop.Seconds:0.000} s cold, {noop2.Seconds:0.000} s warm); " +
        $"one change < 2 s: {Verdict(one.Seconds < 2 && one.Deploys == 1)} ({one.Seconds:0.000} s, {one.Deploys} deploy); RSS < 300 MB: {Verdict(PeakRssMb() < 300)} ({PeakRssMb()} MB)"));
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

static long PeakRssMb()
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

static string Verdict(bool ok) => ok ? "met" : "MISSED";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
