using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Plans;
using Microsoft.Extensions.DependencyInjection;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Reconciling;

/// <summary>
/// What the status UI reads of a deploy: the server shows as reconciling while the platform works, each deploy keeps
/// its plan text (secret-free) in the history, and a waiting server names the secrets it lacks.
/// </summary>
public sealed class DeployStatusTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-deploy-status");
    private readonly TempDir _repo = new("mcpsaas-deploy-status-repo");
    private readonly SqliteStateStore _store;
    private readonly WatchingPlatform _platform;
    private readonly FakeManifestParser _parser = new();
    private readonly ServiceProvider _services;
    private readonly RepoReconciler _reconciler;
    private readonly ISecretStore _secrets;
    private readonly ServerId _docs = new("local", "examples", "docs");

    public DeployStatusTests()
    {
        _store = new SqliteStateStore(SqliteStateStoreOptions.ForDataDirectory(_data.Path), TimeProvider.System);
        _platform = new WatchingPlatform(new InMemoryPlatform("memory"), _store);
        _services = Composed.Reconciler(_data.Path, _store, _platform, _parser);
        _reconciler = _services.GetRequiredService<RepoReconciler>();
        _secrets = _services.GetRequiredService<ISecretStore>();
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        _data.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task Apply_ShowsTheServerReconciling_WhileThePlatformDeploys_ThenReady()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));

        await RunAsync();

        var during = Assert.Single(_platform.SeenDuringCommit);
        Assert.Equal(ServerState.Reconciling, during.State);
        Assert.StartsWith("deploying: creating it at folder:", during.Reason, StringComparison.Ordinal);
        var after = await _store.GetServerAsync(_docs, CancellationToken.None);
        Assert.Equal(ServerState.Ready, after!.State);
        Assert.Null(after.Reason);
    }

    [Fact]
    public async Task Apply_AFailedDeploy_LeavesItsOutcome_NotTheDeployingMark()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var plan = await RunAsync(apply: false);
        _platform.Inner.FailingScripts.Add(plan.Plan.Changes[0].ScriptName);

        await RunAsync();

        var server = await _store.GetServerAsync(_docs, CancellationToken.None);
        Assert.Equal(ServerState.Reconciling, server!.State);
        Assert.StartsWith("apply failed, will retry", server.Reason, StringComparison.Ordinal);
        var history = Assert.Single(await _store.ListDeployHistoryAsync(_docs, 10, CancellationToken.None));
        Assert.False(history.Succeeded);
        Assert.Contains("+ server \"local/examples/docs\"", history.PlanText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_KeepsEachDeploysPlan_WithSecretsByNameOnly()
    {
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-first-secret-value"), "test", CancellationToken.None);
        Manifest("t/mcp.yaml", Server("t", PlanTier.Free, Slack()));
        await RunAsync();
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-second-secret-value"), "test", CancellationToken.None);
        await RunAsync();

        var history = await _store.ListDeployHistoryAsync(new ServerId("local", "examples", "t"), 10, CancellationToken.None);

        Assert.Equal([DeployAction.Rebind, DeployAction.Create], history.Select(h => h.Action));
        Assert.Contains("# local/examples/t will be created", history[1].PlanText, StringComparison.Ordinal);
        Assert.Contains("+ tool slack", history[1].PlanText, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", history[1].PlanText, StringComparison.Ordinal);
        Assert.Contains("~ secret slack-bot changed (sensitive value)", history[0].PlanText, StringComparison.Ordinal);
        Assert.All(history, h => Assert.DoesNotContain("xoxb-", h.PlanText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitingServer_NamesTheSecretsItLacks_UntilItIsDeployed()
    {
        Manifest("t/mcp.yaml", Server("t", PlanTier.Free, Slack()));
        var id = new ServerId("local", "examples", "t");

        await RunAsync();
        var waiting = await _store.GetServerAsync(id, CancellationToken.None);
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-value-1"), "test", CancellationToken.None);
        await RunAsync();
        var ready = await _store.GetServerAsync(id, CancellationToken.None);

        Assert.Equal(ServerState.Waiting, waiting!.State);
        Assert.Equal(["slack-bot"], waiting.MissingSecrets);
        Assert.Equal(ServerState.Ready, ready!.State);
        Assert.Empty(ready.MissingSecrets);
    }

    private void Manifest(string path, params McpSaas.Schema.Manifests.ServerManifest[] servers)
    {
        _repo.Write(path, $"# {Guid.NewGuid()}\n");
        _parser.Files[path] = File(path, servers);
    }

    private Task<ReconcileResult> RunAsync(bool apply = true) =>
        _reconciler.ReconcileAsync(new FolderSource(_repo.Path, "examples"), new RepoContext("local", "examples"), apply, null, CancellationToken.None);

    /// <summary>The in-memory platform, reading the servers' status from the store while it commits (as the UI would).</summary>
    private sealed class WatchingPlatform(InMemoryPlatform inner, SqliteStateStore store) : IWorkerPlatform
    {
        public InMemoryPlatform Inner => inner;

        public List<ServerRecord> SeenDuringCommit { get; } = [];

        public string Name => inner.Name;

        public ValueTask PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

        public EndpointProfile Endpoint(ServerIdentity identity, string scriptName) => inner.Endpoint(identity, scriptName);

        public Task<IReadOnlyList<DeployedWorker>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<DeployReceipt> DeployAsync(WorkerDeployment deployment, CancellationToken cancellationToken) => inner.DeployAsync(deployment, cancellationToken);

        public Task<DeployReceipt> RebindAsync(WorkerRebind rebind, CancellationToken cancellationToken) => inner.RebindAsync(rebind, cancellationToken);

        public Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken) => inner.DeleteAsync(worker, cancellationToken);

        public async Task<CommitResult> CommitAsync(CancellationToken cancellationToken)
        {
            if (inner.Deploys > 0 && SeenDuringCommit.Count == 0)
            {
                SeenDuringCommit.AddRange((await store.ListServersAsync("local", null, cancellationToken)).Where(s => s.State == ServerState.Reconciling));
            }

            return await inner.CommitAsync(cancellationToken);
        }
    }
}
