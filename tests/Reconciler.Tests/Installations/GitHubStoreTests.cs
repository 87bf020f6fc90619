using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Collections;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Installations;

public sealed class GitHubStoreTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly FakeTimeProvider _clock = Stores.Clock();
    private readonly SqliteStateStore _store;

    public GitHubStoreTests() => _store = Stores.Open(_data, _clock);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task RecordDelivery_StoresTheDeliveryRecordsAndJobsTogether_AndARedeliveryChangesNothing()
    {
        var effect = Installed(77, "acme", Repo(5, 77, "acme", "tools"), Repo(6, 77, "acme", "docs"));

        var first = await _store.RecordDeliveryAsync(Delivery("d-1"), effect, CancellationToken.None);
        var again = await _store.RecordDeliveryAsync(Delivery("d-1"), effect, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Recorded, first.Outcome);
        Assert.Equal(2, first.Jobs.Count(j => j.Outcome == EnqueueOutcome.Created));
        Assert.Equal(DeliveryOutcome.Duplicate, again.Outcome);
        Assert.Empty(again.Jobs);
        Assert.Equal(2, (await _store.ListJobsAsync(null, 10, CancellationToken.None)).Count);
        Assert.Equal(1, await _store.CountDeliveriesAsync(CancellationToken.None));
        var delivery = await _store.GetDeliveryAsync("d-1", CancellationToken.None);
        Assert.Equal(("installation", "created"), (delivery!.Event, delivery.Action));
        Assert.Equal(2, delivery.JobIds.Split(',').Length);
        var installation = await _store.GetInstallationAsync(77, CancellationToken.None);
        Assert.Equal(("acme", InstallationStatus.Active), (installation!.AccountLogin, installation.Status));
        Assert.Equal(["docs", "tools"], (await _store.ListRepositoriesAsync(77, CancellationToken.None)).Select(r => r.Name));
    }

    [Fact]
    public async Task RecordDelivery_WhenAJobCannotBeStored_StoresNothingAtAll()
    {
        Execute("CREATE TRIGGER no_jobs BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        await Assert.ThrowsAsync<SqliteException>(() =>
            _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools")), CancellationToken.None));

        Assert.Equal(0, await _store.CountDeliveriesAsync(CancellationToken.None));
        Assert.Null(await _store.GetInstallationAsync(77, CancellationToken.None));
        Assert.Null(await _store.GetRepositoryAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task SuspendAndUnsuspend_RecordTheStatus_ReconcileEveryRepository_AndDecideWhatIsActive()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools"), Repo(6, 77, "acme", "docs")), CancellationToken.None);
        await DrainAsync();

        var suspend = await _store.RecordDeliveryAsync(Delivery("d-2"), Status(77, InstallationStatus.Suspended), CancellationToken.None);
        Assert.Equal(2, suspend.Jobs.Count);
        Assert.Empty(await _store.ListActiveRepositoriesAsync(CancellationToken.None));
        Assert.Equal(InstallationStatus.Suspended, (await _store.GetInstallationAsync(77, CancellationToken.None))!.Status);

        await _store.RecordDeliveryAsync(Delivery("d-3"), Status(77, InstallationStatus.Active), CancellationToken.None);
        Assert.Equal(2, (await _store.ListActiveRepositoriesAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RemovedRepositories_AreNotActive_AndComeBackWhenAddedAgain()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools")), CancellationToken.None);
        await _store.RecordDeliveryAsync(Delivery("d-2"), new DeliveryEffect
        {
            Summary = "removed",
            Repositories = ValueArray.Create(Repo(5, 77, "acme", "tools") with { Removed = true }),
        }, CancellationToken.None);
        Assert.True((await _store.GetRepositoryAsync(5, CancellationToken.None))!.Removed);
        Assert.Empty(await _store.ListActiveRepositoriesAsync(CancellationToken.None));

        await _store.RecordDeliveryAsync(Delivery("d-3"), new DeliveryEffect { Summary = "added", Repositories = ValueArray.Create(Repo(5, 77, "acme", "tools")) }, CancellationToken.None);
        Assert.Single(await _store.ListActiveRepositoriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AKnownRepositoryUnderNewNames_QueuesOneRenameJob_WithoutTouchingItsNamesYet()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools")), CancellationToken.None);
        await DrainAsync();

        var renamed = await _store.RecordDeliveryAsync(Delivery("d-2"), new DeliveryEffect
        {
            Summary = "renamed",
            Repositories = ValueArray.Create(Repo(5, 77, "acme", "mcp-tools")),
        }, CancellationToken.None);
        await _store.RecordDeliveryAsync(Delivery("d-3"), new DeliveryEffect
        {
            Summary = "push seen under the new name",
            Repositories = ValueArray.Create(Repo(5, 77, "acme", "mcp-tools")),
        }, CancellationToken.None);

        var job = Assert.Single(await _store.ListJobsAsync("gh:5", 10, CancellationToken.None), j => j.State == JobState.Pending);
        Assert.Equal((JobKind.Rename, "acme", "mcp-tools", (long?)5), (job.Kind, job.RenameToOwner, job.RenameToName, job.RepositoryId));
        Assert.Equal(job.Id, Assert.Single(renamed.Jobs).JobId);
        Assert.Equal("tools", (await _store.GetRepositoryAsync(5, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task RenameRepository_MovesEveryStoredId_KeepingKeysUsageHistoryAndSecrets()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools", clone: "https://github.com/acme/tools.git")), CancellationToken.None);
        var old = Stores.Id("acme/tools/search");
        var other = Stores.Id("acme/tools-extra/search");
        await _store.EnsureServersAsync([old, other], CancellationToken.None);
        await _store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = old, Action = DeployAction.Create, Platform = "local", ScriptName = "mcp-i77-r5-search", ContentHash = "h1", Revision = "abc",
            EndpointUrl = "http://127.0.0.1:8790/x/mcp",
        }, CancellationToken.None);
        await _store.SetUsageTokenHashAsync(old, new string('a', 64), onlyIfAbsent: true, CancellationToken.None);
        await _store.CreateApiKeyAsync(new NewApiKey { ServerId = old, Name = "default", KeyId = "abcdefabcdef", Hash = new string('c', 64) }, CancellationToken.None);
        await _store.RecordUsageAsync("acme", [new UsageEvent { EventId = "e1", ServerId = old, Tool = "search", KeyId = "abcdefabcdef", Ok = true, DurationMs = 3, Timestamp = _clock.GetUtcNow() }], CancellationToken.None);
        await _store.PutSecretAsync("acme", "tools", "token", v => Sealed(v), CancellationToken.None);
        await _store.PutSecretAsync("acme", null, "org-wide", v => Sealed(v), CancellationToken.None);

        var result = await _store.RenameRepositoryAsync(5, "acme", "mcp-tools", CancellationToken.None);

        Assert.Equal(new RenameResult(RenameOutcome.Renamed, "acme/tools", "acme/mcp-tools", 1), result);
        var renamed = Stores.Id("acme/mcp-tools/search");
        Assert.Null(await _store.GetServerAsync(old, CancellationToken.None));
        var server = await _store.GetServerAsync(renamed, CancellationToken.None);
        Assert.Equal(("mcp-i77-r5-search", "h1", 1), (server!.ScriptName, server.ContentHash, server.UsageTokenVersion));
        Assert.Equal(new string('a', 64), await _store.GetUsageTokenHashAsync(renamed, CancellationToken.None));
        Assert.Equal("abcdefabcdef", Assert.Single(await _store.ListApiKeysAsync(renamed, false, CancellationToken.None)).KeyId);
        Assert.Equal(renamed, Assert.Single(await _store.ListInventoryAsync("acme", "mcp-tools", CancellationToken.None)).ServerId);
        Assert.Single(await _store.ListDeployHistoryAsync(renamed, 10, CancellationToken.None));
        Assert.Equal(1, (await _store.GetUsageReportAsync(renamed, UsageMonth.Of(_clock.GetUtcNow()), CancellationToken.None)).Calls);
        Assert.NotNull(await _store.GetSecretRowAsync("acme", "mcp-tools", "token", CancellationToken.None));
        Assert.NotNull(await _store.GetSecretRowAsync("acme", null, "org-wide", CancellationToken.None));
        Assert.Equal(["mcp-tools", "tools-extra"], (await _store.ListReposAsync("acme", CancellationToken.None)).Select(r => r.Name));
        Assert.NotNull(await _store.GetServerAsync(other, CancellationToken.None)); // a repository whose name starts alike is untouched
        var record = await _store.GetRepositoryAsync(5, CancellationToken.None);
        Assert.Equal(("acme", "mcp-tools", "https://github.com/acme/mcp-tools.git", 77L), (record!.Owner, record.Name, record.CloneUrl, record.IdentityInstallationId));
        Assert.Contains(await _store.ListAuditAsync("acme", 5, CancellationToken.None), a => a.Action == "repository.renamed");
        Assert.Equal(RenameOutcome.Unchanged, (await _store.RenameRepositoryAsync(5, "acme", "mcp-tools", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task RenameRepository_ToAnotherOrg_LeavesTheOldOrgsSecretsBehind()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools")), CancellationToken.None);
        await _store.EnsureServersAsync([Stores.Id("acme/tools/search")], CancellationToken.None);
        await _store.PutSecretAsync("acme", "tools", "token", v => Sealed(v), CancellationToken.None);

        var result = await _store.RenameRepositoryAsync(5, "globex", "tools", CancellationToken.None);

        Assert.Equal(RenameOutcome.Renamed, result.Outcome);
        Assert.NotNull(await _store.GetServerAsync(Stores.Id("globex/tools/search"), CancellationToken.None));
        Assert.NotNull(await _store.GetSecretRowAsync("acme", "tools", "token", CancellationToken.None));
        Assert.Null(await _store.GetSecretRowAsync("globex", "tools", "token", CancellationToken.None));
    }

    [Fact]
    public async Task RenameRepository_OntoNamesThatHaveServers_IsAConflict_AndChangesNothing()
    {
        await _store.RecordDeliveryAsync(Delivery("d-1"), Installed(77, "acme", Repo(5, 77, "acme", "tools")), CancellationToken.None);
        await _store.EnsureServersAsync([Stores.Id("acme/tools/a"), Stores.Id("acme/taken/b")], CancellationToken.None);

        var result = await _store.RenameRepositoryAsync(5, "acme", "taken", CancellationToken.None);

        Assert.Equal(RenameOutcome.Conflict, result.Outcome);
        Assert.NotNull(await _store.GetServerAsync(Stores.Id("acme/tools/a"), CancellationToken.None));
        Assert.Equal("tools", (await _store.GetRepositoryAsync(5, CancellationToken.None))!.Name);
        Assert.Equal(RenameOutcome.UnknownRepository, (await _store.RenameRepositoryAsync(999, "acme", "x", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task PruneDeliveries_ForgetsOldDeliveryIds_SoOnlyRecentRedeliveriesAreRecognised()
    {
        await _store.RecordDeliveryAsync(Delivery("old"), DeliveryEffect.Ignored("x"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(8));
        await _store.RecordDeliveryAsync(Delivery("new"), DeliveryEffect.Ignored("x"), CancellationToken.None);

        Assert.Equal(1, await _store.PruneDeliveriesAsync(_clock.GetUtcNow().AddDays(-7), CancellationToken.None));

        Assert.Null(await _store.GetDeliveryAsync("old", CancellationToken.None));
        Assert.NotNull(await _store.GetDeliveryAsync("new", CancellationToken.None));
    }

    private static WebhookDelivery Delivery(string id) => new() { DeliveryId = id, Event = "installation", Action = "created" };

    private static RepositorySeen Repo(long id, long installation, string owner, string name, string? clone = null) =>
        new() { RepositoryId = id, InstallationId = installation, Owner = owner, Name = name, DefaultBranch = "main", CloneUrl = clone };

    private static DeliveryEffect Installed(long installation, string account, params RepositorySeen[] repositories) => new()
    {
        Summary = "installed",
        Installation = new InstallationSeen { InstallationId = installation, AccountLogin = account, AccountId = 9, Status = InstallationStatus.Active },
        Repositories = repositories.ToValueArray(),
        Jobs = repositories.Select(r => new JobRequest { RepoKey = RepoKeys.GitHub(r.RepositoryId), Kind = JobKind.Reconcile, RepositoryId = r.RepositoryId }).ToValueArray(),
    };

    private static DeliveryEffect Status(long installation, InstallationStatus status) => new()
    {
        Summary = status.ToString(),
        Installation = new InstallationSeen { InstallationId = installation, AccountLogin = "acme", Status = status },
        ReconcileAllOfInstallation = installation,
    };

    private static EncryptedSecret Sealed(int version) => new() { Nonce = new byte[12], CiphertextAndTag = new byte[20 + version], KeyFingerprint = "fp" };

    private async Task DrainAsync()
    {
        while (await _store.ClaimAsync("drain", TimeSpan.FromMinutes(5), CancellationToken.None) is { } job)
        {
            await _store.CompleteAsync(job.Id, "drain", null, CancellationToken.None);
        }
    }

    private void Execute(string sql)
    {
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
