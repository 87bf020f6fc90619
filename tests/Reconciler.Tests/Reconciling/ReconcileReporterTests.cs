using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Plans;
using Microsoft.Extensions.DependencyInjection;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Reconciling;

/// <summary>The reporter seam: told when the source is read (with the revision), and at the end of every run; never able to fail one.</summary>
public sealed class ReconcileReporterTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-reporters");
    private readonly TempDir _repo = new("mcpsaas-reporters-repo");
    private readonly SqliteStateStore _store;
    private readonly InMemoryPlatform _platform = new("memory");
    private readonly FakeManifestParser _parser = new();
    private readonly Recording _first = new();
    private readonly Recording _second = new();
    private readonly ServiceProvider _services;

    public ReconcileReporterTests()
    {
        _store = new SqliteStateStore(SqliteStateStoreOptions.ForDataDirectory(_data.Path), TimeProvider.System);
        _services = Composed.Reconciler(_data.Path, _store, _platform, _parser, more: s => s
            .AddSingleton<IReconcileReporter>(_first)
            .AddSingleton<IReconcileReporter>(_second));
        _repo.Write("d/mcp.yaml", "# docs\n");
        _parser.Files["d/mcp.yaml"] = File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        _data.Dispose();
        _repo.Dispose();
    }

    private Task<ReconcileResult> RunAsync(string folder, bool apply = true) =>
        _services.GetRequiredService<RepoReconciler>().ReconcileAsync(new ReconcileRequest
        {
            Source = new FolderSource(folder, "examples"),
            Repo = new RepoContext("local", "examples"),
            Apply = apply,
            Trigger = "test",
        }, CancellationToken.None);

    [Fact]
    public async Task Reporters_HearTheStartWithTheRevision_ThenTheEnd_PlanOnlyRunsToo()
    {
        var applied = await RunAsync(_repo.Path);
        var planned = await RunAsync(_repo.Path, apply: false);

        Assert.StartsWith("folder:", applied.Revision, StringComparison.Ordinal);
        string[] expected = [$"started {applied.Revision} apply=True", $"report {applied.Revision} applied=True", $"started {planned.Revision} apply=False", $"report {planned.Revision} applied=False"];
        Assert.Equal(expected, _first.Events);
        Assert.Equal(expected, _second.Events);
    }

    [Fact]
    public async Task UnreadableSource_IsNotStarted_ButReported_WithTheError()
    {
        var result = await RunAsync(Path.Combine(_repo.Path, "missing"));

        Assert.NotNull(result.Error);
        Assert.Equal(["report  applied=False"], _first.Events);
        Assert.Equal("source", _first.Results.Single().Error!.Step);
    }

    [Fact]
    public async Task AThrowingReporter_NeverFailsTheRun_NorStopsTheOthers()
    {
        _first.Throw = true;

        var result = await RunAsync(_repo.Path);

        Assert.Null(result.Error);
        Assert.True(result.Applied);
        Assert.Equal(1, _platform.Deploys);
        Assert.Equal(2, _second.Events.Count);
    }

    private sealed class Recording : IReconcileReporter
    {
        public List<string> Events { get; } = [];

        public List<ReconcileResult> Results { get; } = [];

        public bool Throw { get; set; }

        public Task StartedAsync(ReconcileRequest request, string revision, CancellationToken cancellationToken)
        {
            Events.Add($"started {revision} apply={request.Apply}");
            return Throw ? throw new InvalidOperationException("reporter broke") : Task.CompletedTask;
        }

        public Task ReportAsync(ReconcileRequest request, ReconcileResult result, CancellationToken cancellationToken)
        {
            Events.Add($"report {result.Revision} applied={result.Applied}");
            Results.Add(result);
            return Throw ? throw new InvalidOperationException("reporter broke") : Task.CompletedTask;
        }
    }
}
