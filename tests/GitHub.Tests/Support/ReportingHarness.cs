using McpSaas.GitHub.Git;
using McpSaas.GitHub.Reporting;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Plans;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.GitHub.Tests.Support;

/// <summary>
/// Reporting as the product composes it, in-process: the reconciler (real SQLite state, the in-memory platform) reading
/// a repository of the fake GitHub over real git, the GitHub reporter and the outbox drainer posting to the fake — all
/// on one fake clock. Runs are started by the test (as the job handler would) and the outbox is drained explicitly.
/// </summary>
internal sealed class ReportingHarness : IAsyncDisposable
{
    public const long InstallationId = 7001;
    public const long RepositoryId = 9001;
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDir _data = new("mcpsaas-reporting");
    private int _jobs;

    private ReportingHarness(FakeGitHub github, FakeTimeProvider clock)
    {
        GitHub = github;
        Clock = clock;
        Repository = github.AddRepository(github.AddInstallation(InstallationId, "acme"), "tools", RepositoryId);
    }

    public FakeTimeProvider Clock { get; }

    public FakeGitHub GitHub { get; }

    public FakeRepository Repository { get; }

    public WorkTree Work { get; } = new();

    public InMemoryPlatform Platform { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public SqliteStateStore Store => Services.GetRequiredService<SqliteStateStore>();

    public GitHubReportDrainer Drainer => Services.GetRequiredService<GitHubReportDrainer>();

    public string DataDirectory => _data.Path;

    public static async Task<ReportingHarness> StartAsync(PlanTier tier = PlanTier.Free, Action<GitHubReportingOptions>? configure = null, int contentRequestsPerMinute = 80)
    {
        var clock = new FakeTimeProvider(Start);
        var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock, ContentRequestsPerMinute = contentRequestsPerMinute });
        var harness = new ReportingHarness(github, clock);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new RuntimeBundle(
            WorkerModule.Create("runtime.mjs", "// runtime\nexport function createWorker() {}\n"),
            ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"// tool {t.Id}\nexport default {{}};\n"))));
        services.AddMcpSaasReconciler(o => o.DataDirectory = harness._data.Path).AddInMemoryPlatform(harness.Platform);
        services.AddMcpSaasGitHub(o =>
        {
            o.AppId = github.Options.AppId;
            o.PrivateKey = github.PrivateKeyPem;
            o.WebhookSecret = "reporting-tests-webhook-secret";
            o.ApiBaseUrl = github.ApiBaseUrl.ToString();
            o.WebBaseUrl = github.BaseUrl.ToString();
        });
        services.AddMcpSaasGitHubReporting(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        harness.Services = services.BuildServiceProvider();
        var store = harness.Store;
        await store.InitializeAsync(CancellationToken.None);
        await store.RecordDeliveryAsync(new WebhookDelivery { DeliveryId = "install-1", Event = "installation", Action = "created" }, new DeliveryEffect
        {
            Summary = "installed",
            Installation = new InstallationSeen { InstallationId = InstallationId, AccountLogin = "acme", Status = InstallationStatus.Active },
            Repositories = ValueArray.Create(new RepositorySeen { RepositoryId = RepositoryId, InstallationId = InstallationId, Owner = "acme", Name = "tools", DefaultBranch = "main" }),
        }, CancellationToken.None);
        await store.SetEntitlementAsync("acme", tier, PlanLimitOverrides.None, CancellationToken.None);
        harness.Work.Commit("README.md", "# tools\n", "initial");
        harness.Repository.PushFrom(harness.Work.Path, "main");
        return harness;
    }

    /// <summary>Sets a secret of the org (its value is the caller's: tests check it never reaches GitHub).</summary>
    public async Task SetSecretAsync(string name, string value) =>
        await Services.GetRequiredService<ISecretStore>().SetAsync(SecretScope.ForOrg("acme"), name, new SecretValue(value), "test", CancellationToken.None);

    /// <summary>Commits <paramref name="files"/> on main, pushes them and applies that commit (a push job).</summary>
    public async Task<ReconcileResult> PushAsync(params (string Path, string Content)[] files)
    {
        var sha = Commit(files);
        Repository.PushFrom(Work.Path, "main");
        return await RunAsync(JobKind.Reconcile, sha, trigger: $"webhook:push-{sha[..7]}");
    }

    /// <summary>Commits <paramref name="files"/> on the PR's branch and plans pull request <paramref name="number"/> at it.</summary>
    public async Task<(ReconcileResult Result, string Head)> PullRequestAsync(int number, params (string Path, string Content)[] files)
    {
        Work.Checkout($"pr-{number}");
        if (files.Length > 0)
        {
            Commit(files);
        }

        var head = Repository.SetPullRequestHead(number, Work.Path, $"pr-{number}");
        Work.Checkout("main");
        return (await RunAsync(JobKind.Plan, head, trigger: $"webhook:pr-{number}", number), head);
    }

    /// <summary>A periodic run of the default branch (the scheduler's).</summary>
    public Task<ReconcileResult> PeriodicAsync() => RunAsync(JobKind.Reconcile, null, trigger: "schedule");

    public async Task<ReconcileResult> RunAsync(JobKind kind, string? sha, string trigger, int? pullRequest = null)
    {
        var record = await Store.GetRepositoryAsync(RepositoryId, CancellationToken.None) ?? throw new InvalidOperationException("repository not recorded");
        var job = new JobRecord
        {
            Id = Interlocked.Increment(ref _jobs),
            RepoKey = RepoKeys.GitHub(RepositoryId),
            Kind = kind,
            Triggers = JobTriggers.Webhook,
            InstallationId = InstallationId,
            RepositoryId = RepositoryId,
            CommitSha = sha,
            PullRequestNumber = pullRequest,
            State = JobState.Running,
            RunAfter = Clock.GetUtcNow(),
            CreatedAt = Clock.GetUtcNow(),
        };
        var source = await Services.GetRequiredService<GitHubSources>().ForJobAsync(record, job, Path.Combine(_data.Path, "git"), CancellationToken.None);
        var plan = kind == JobKind.Plan;
        return await Services.GetRequiredService<RepoReconciler>().ReconcileAsync(new ReconcileRequest
        {
            Source = source,
            Repo = new RepoContext("acme", "tools", InstallationId, RepositoryId),
            Apply = !plan,
            Trigger = trigger,
            PullRequest = plan && pullRequest is { } n ? new PullRequestRef(n, sha ?? "", false) : null,
        }, CancellationToken.None);
    }

    public Task<int> DrainAsync() => Drainer.DrainAsync(CancellationToken.None);

    /// <summary>Calls made to the fake's reporting endpoints (check runs, statuses, comments).</summary>
    public IReadOnlyList<RecordedCall> ReportingCalls() =>
        [.. GitHub.Calls.Where(c => c.Path.Contains("/check-runs", StringComparison.Ordinal) || c.Path.Contains("/statuses/", StringComparison.Ordinal)
            || c.Path.Contains("/comments", StringComparison.Ordinal))];

    private string Commit((string Path, string Content)[] files)
    {
        var sha = "";
        foreach (var (path, content) in files)
        {
            sha = Work.Commit(path, content, $"change {path}");
        }

        return sha;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await GitHub.DisposeAsync();
        Work.Dispose();
        _data.Dispose();
    }
}
