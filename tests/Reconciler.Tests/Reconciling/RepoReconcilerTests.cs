using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using Microsoft.Extensions.DependencyInjection;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Reconciling;

/// <summary>The whole pipeline on a real SQLite store and secret store, with the in-memory platform.</summary>
public sealed class RepoReconcilerTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-reconcile");
    private readonly TempDir _repo = new("mcpsaas-repo");
    private readonly SqliteStateStore _store;
    private readonly SecretStore _secrets;
    private readonly SecretsKeySource _key;
    private readonly InMemoryPlatform _platform = new("memory");
    private readonly FakeManifestParser _parser = new();
    private readonly ServiceProvider _services;
    private readonly RepoReconciler _reconciler;
    private readonly RepoContext _context = new("local", "examples");

    public RepoReconcilerTests()
    {
        _store = new SqliteStateStore(SqliteStateStoreOptions.ForDataDirectory(_data.Path), TimeProvider.System);
        _services = Composed.Reconciler(_data.Path, _store, _platform, _parser);
        _key = (SecretsKeySource)_services.GetRequiredService<ISecretsKeyProvider>();
        _secrets = (SecretStore)_services.GetRequiredService<ISecretStore>();
        _reconciler = _services.GetRequiredService<RepoReconciler>();
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        _data.Dispose();
        _repo.Dispose();
    }

    private void Manifest(string path, params ServerManifest[] servers)
    {
        _repo.Write(path, $"# {Guid.NewGuid()}\n"); // new bytes, new blob id
        _parser.Files[path] = File(path, servers);
    }

    private void Remove(string path)
    {
        System.IO.File.Delete(_repo.Combine(path.Split('/')));
        _parser.Files.Remove(path);
    }

    private Task<ReconcileResult> RunAsync(bool apply = true) =>
        _reconciler.ReconcileAsync(new FolderSource(_repo.Path, "examples"), _context, apply, null, CancellationToken.None);

    [Fact]
    public async Task Apply_Creates_ThenASecondRunIsANoOp_WithNoPlatformWrite()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(ChangeAction.Create, Assert.Single(first.Outcomes).Action);
        Assert.True(first.Outcomes[0].Succeeded);
        Assert.False(second.Plan.HasChanges);
        Assert.Equal(0, second.PlatformWrites);
        Assert.Equal(1, _platform.Deploys);
        var server = await _store.GetServerAsync(new ServerId("local", "examples", "docs"), CancellationToken.None);
        Assert.Equal(ServerState.Ready, server!.State);
        Assert.Equal(first.Revision, server.LastAppliedRevision);
        Assert.NotNull(await _store.GetUsageTokenHashAsync(server.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Plan_ChangesNothing()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));

        var plan = await RunAsync(apply: false);

        Assert.Equal(1, plan.Plan.ToAdd);
        Assert.Empty(_platform.Workers);
        Assert.Null(await _store.GetServerAsync(new ServerId("local", "examples", "docs"), CancellationToken.None));
    }

    [Fact]
    public async Task Update_ExplainsItself_FromTheRecordedSummary()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        await RunAsync();
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com", "example.org")));

        var result = await RunAsync();

        var change = Assert.Single(result.Plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["~ tool fetch: with.allowedHosts: [\"example.com\"] -> [\"example.com\",\"example.org\"]"], change.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public async Task OneServerFailing_DoesNotStopTheOthers_AndIsRetriedNextRun()
    {
        Manifest("a/mcp.yaml", Server("a", PlanTier.Free, Fetch("example.com")));
        Manifest("b/mcp.yaml", Server("b", PlanTier.Free, Fetch("example.com")));
        var plan = await RunAsync(apply: false);
        var bScript = plan.Plan.Changes.Single(c => c.Id.Name == "b").ScriptName;
        _platform.FailingScripts.Add(bScript);

        var first = await RunAsync();

        Assert.True(first.Outcomes.Single(o => o.Id.Name == "a").Succeeded);
        var failed = first.Outcomes.Single(o => o.Id.Name == "b");
        Assert.False(failed.Succeeded);
        Assert.Contains("injected", failed.Error, StringComparison.Ordinal);
        var status = await _store.GetServerAsync(new ServerId("local", "examples", "b"), CancellationToken.None);
        Assert.Equal(ServerState.Reconciling, status!.State);

        _platform.FailingScripts.Clear();
        var second = await RunAsync();
        Assert.Equal(ChangeAction.Create, Assert.Single(second.Outcomes).Action);
        Assert.True(second.Outcomes[0].Succeeded);
    }

    [Fact]
    public async Task DeletedDocument_DeletesTheWorker_AndForgetsTheServer()
    {
        Manifest("a/mcp.yaml", Server("a", PlanTier.Free, Fetch("example.com")));
        Manifest("b/mcp.yaml", Server("b", PlanTier.Free, Fetch("example.com")));
        await RunAsync();
        Remove("b/mcp.yaml");

        var result = await RunAsync();

        Assert.Equal(ChangeAction.Delete, Assert.Single(result.Outcomes).Action);
        Assert.Equal(["a"], _platform.Workers.Select(w => w.Ownership!.ServerId!.Split('/')[2]));
        Assert.Null(await _store.GetServerAsync(new ServerId("local", "examples", "b"), CancellationToken.None));
    }

    [Fact]
    public async Task MissingSecret_MakesTheServerWait_AndKeepsWhatIsDeployed()
    {
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-1"), "test", CancellationToken.None);
        Manifest("t/mcp.yaml", Server("t", PlanTier.Free, Slack()));
        await RunAsync();
        await _secrets.RemoveAsync(SecretScope.ForOrg("local"), "slack-bot", "test", CancellationToken.None);

        var result = await RunAsync();

        Assert.Empty(result.Outcomes);
        Assert.Single(_platform.Workers);
        var server = await _store.GetServerAsync(new ServerId("local", "examples", "t"), CancellationToken.None);
        Assert.Equal(ServerState.Waiting, server!.State);
        Assert.Equal("secret 'slack-bot' not set for org 'local'", server.Reason);
        Assert.Equal(["slack-bot"], Assert.Single(result.Plan.Stalled).MissingSecrets);
    }

    [Fact]
    public async Task SecretChange_IsRebound_WithoutAnUpload_WithAReasonButNoValueInThePlan()
    {
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-first-value"), "test", CancellationToken.None);
        Manifest("t/mcp.yaml", Server("t", PlanTier.Free, Slack()));
        await RunAsync();
        await _secrets.SetAsync(SecretScope.ForOrg("local"), "slack-bot", new SecretValue("xoxb-second-value"), "test", CancellationToken.None);

        var result = await RunAsync();

        var change = Assert.Single(result.Plan.Changes);
        Assert.Equal(ChangeAction.UpdateSecrets, change.Action);
        Assert.Equal(["~ secret slack-bot changed (sensitive value)"], change.Reasons.Select(r => r.ToString()));
        Assert.Equal((1, 1), (_platform.Deploys, _platform.Rebinds));
        Assert.Equal("xoxb-second-value", _platform.SecretValues[change.ScriptName]["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.False((await RunAsync()).Plan.HasChanges);
        var rendered = TextPlanRenderer.Render(result.Plan) + JsonPlanRenderer.Render(result.Plan) + MarkdownPlanRenderer.Render(result.Plan);
        Assert.DoesNotContain("xoxb-", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashBetweenDeployAndRecord_ConvergesOnTheNextRun_WithoutARedeploy()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var plan = await RunAsync(apply: false);
        // The platform has it, the store does not: what a kill right after the deploy call leaves behind.
        await _platform.DeployAsync(new WorkerDeployment(plan.Plan.Changes[0].Desired!, new Dictionary<string, SecretValue>()), CancellationToken.None);

        var result = await RunAsync();

        Assert.False(result.Plan.HasChanges);
        Assert.Equal(1, _platform.Deploys);
        Assert.Single(_platform.Workers);
        var server = await _store.GetServerAsync(new ServerId("local", "examples", "docs"), CancellationToken.None);
        Assert.Equal(plan.Plan.Changes[0].Desired!.ContentHash, server!.ContentHash);
    }

    [Fact]
    public async Task Drift_IsReported_AndSetBack()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var created = await RunAsync();
        _platform.Tamper(created.Plan.Changes[0].ScriptName);

        var result = await RunAsync();

        var change = Assert.Single(result.Plan.Changes);
        Assert.True(change.Drifted);
        Assert.True(Assert.Single(result.Outcomes).Succeeded);
        Assert.False((await RunAsync()).Plan.HasChanges); // set back: the new receipt matches what is listed
    }

    [Fact]
    public async Task ServersPerOrg_AreCountedAcrossRepositories_DeployedOnesKeepTheirSlot()
    {
        await _store.SetEntitlementAsync("local", PlanTier.Free, PlanLimitOverrides.None, CancellationToken.None);
        Manifest("a/mcp.yaml", Server("first", PlanTier.Free, Fetch("example.com")));
        await RunAsync();
        using var other = new TempDir("mcpsaas-repo2");
        other.Write("b/mcp.yaml", "# other\n");
        _parser.Files["b/mcp.yaml"] = File("b/mcp.yaml", Server("second", PlanTier.Free, Fetch("example.com")));

        var result = await _reconciler.ReconcileAsync(new FolderSource(other.Path, "other"), new RepoContext("local", "other"), true, null, CancellationToken.None);

        var stalled = Assert.Single(result.Plan.Stalled);
        Assert.Equal(StallReason.PlanLimit, stalled.Reason);
        Assert.Contains("1 server per org", stalled.Message, StringComparison.Ordinal);
        Assert.Single(_platform.Workers);
        Assert.False((await RunAsync()).Plan.HasChanges); // the first keeps its slot
    }

    [Fact]
    public async Task BeforeApply_ThatAddsAKey_IsPlannedAgain_SoTheFirstDeployBindsIt()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var id = new ServerId("local", "examples", "docs");

        var result = await _reconciler.ReconcileAsync(new ReconcileRequest
        {
            Source = new FolderSource(_repo.Path, "examples"),
            Repo = _context,
            Apply = true,
            BeforeApply = async (plan, token) =>
            {
                await _store.EnsureServersAsync([id], token);
                await new ApiKeyService(_store).CreateAsync(id, "default", "test", token);
                return true;
            },
        }, CancellationToken.None);

        var change = Assert.Single(result.Plan.Changes);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal("default", Assert.Single(change.Desired!.Keys).Name);
        Assert.Equal(1, _platform.Deploys);
        Assert.Equal(1, _parser.Loads);
    }

    [Fact]
    public async Task Suspension_IsARebindOfTheConfig_WithoutTheSource_AndTheNextReconcileResumes()
    {
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var created = await RunAsync();
        var script = created.Plan.Changes[0].ScriptName;
        var suspension = _services.GetRequiredService<McpSaas.Reconciler.Rebinding.ServerSuspension>();

        var suspended = await suspension.SetAsync("local", "examples", suspended: true, CancellationToken.None);
        var again = await suspension.SetAsync("local", "examples", suspended: true, CancellationToken.None);

        Assert.Equal(McpSaas.Reconciler.Rebinding.RebindStatus.Live, Assert.Single(suspended).Result.Status);
        Assert.Equal(McpSaas.Reconciler.Rebinding.RebindStatus.AlreadyLive, Assert.Single(again).Result.Status);
        Assert.Equal((1, 1), (_platform.Deploys, _platform.Rebinds));
        var entry = Assert.Single(await _store.ListInventoryAsync("local", "examples", CancellationToken.None));
        Assert.True(DeploymentSummary.FromJson(entry.SummaryJson!)!.Suspended);
        Assert.Contains("\"suspended\":true", DeploymentSummary.FromJson(entry.SummaryJson!)!.Bindings!.Value.Single(b => b.StartsWith("json MCP_CONFIG", StringComparison.Ordinal)), StringComparison.Ordinal);

        var resumed = await RunAsync();

        var change = Assert.Single(resumed.Plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["~ suspended true -> false"], change.Reasons.Select(r => r.ToString()));
        Assert.Equal(2, _platform.Deploys);
        Assert.Equal(script, change.ScriptName);
    }

    [Fact]
    public async Task ASharedListing_OlderThanAWriteMadeOutsideTheRun_IsNotTrusted_TheNextReconcileResumes()
    {
        // serve's tick: one listing serves every run for 30 s. A suspension (or a key or secret rebind, from the API
        // or another process) writes to the platform without that listing: the next run must not read the stale
        // listing as "the Worker already has the content wanted" and leave the server suspended.
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var tick = new PlatformObservation(_platform);
        await _reconciler.ReconcileAsync(new ReconcileRequest { Source = new FolderSource(_repo.Path, "examples"), Repo = _context, Apply = true, Observation = tick }, CancellationToken.None);
        var suspension = _services.GetRequiredService<McpSaas.Reconciler.Rebinding.ServerSuspension>();
        Assert.Equal(McpSaas.Reconciler.Rebinding.RebindStatus.Live, Assert.Single(await suspension.SetAsync("local", "examples", suspended: true, CancellationToken.None)).Result.Status);

        var resumed = await _reconciler.ReconcileAsync(new ReconcileRequest { Source = new FolderSource(_repo.Path, "examples"), Repo = _context, Apply = true, Observation = tick }, CancellationToken.None);

        var change = Assert.Single(resumed.Plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["~ suspended true -> false"], change.Reasons.Select(r => r.ToString()));
        var entry = Assert.Single(await _store.ListInventoryAsync("local", "examples", CancellationToken.None));
        Assert.False(DeploymentSummary.FromJson(entry.SummaryJson!)!.Suspended);
        Assert.Equal(2, tick.Listings);
    }

    [Fact]
    public async Task UnchangedFiles_AreParsedOnce_AcrossRuns()
    {
        var cached = new CountingCacheParser(_parser);
        using var services = Composed.Reconciler(_data.Path, _store, _platform, cached);
        var reconciler = services.GetRequiredService<RepoReconciler>();
        Manifest("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));

        await reconciler.ReconcileAsync(new FolderSource(_repo.Path, "examples"), _context, true, null, CancellationToken.None);
        await reconciler.ReconcileAsync(new FolderSource(_repo.Path, "examples"), _context, true, null, CancellationToken.None);

        Assert.Equal(1, _parser.Loads);
    }

    /// <summary>A blob-id cache in front of the fake parser, as the real parser has.</summary>
    private sealed class CountingCacheParser(FakeManifestParser inner) : IManifestParser
    {
        private readonly Dictionary<(string, string), McpSaas.Schema.Manifests.ManifestFile> _cache = [];

        public McpSaas.Schema.Manifests.ManifestFile Load(string blobId, string path, Func<byte[]> content, McpSaas.Schema.Loading.ManifestLoadOptions options)
        {
            if (!_cache.TryGetValue((blobId, path), out var file))
            {
                file = inner.Load(blobId, path, content, options);
                _cache[(blobId, path)] = file;
            }

            return file;
        }

        public IReadOnlyList<McpSaas.Schema.Manifests.ManifestFile> CheckSet(IReadOnlyList<McpSaas.Schema.Manifests.ManifestFile> files) => files;
    }
}
