using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Tests.State;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Initialize_CreatesTheDatabaseFileInWalMode_UnderTheDataFolder()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);

        await store.InitializeAsync(CancellationToken.None);

        Assert.True(File.Exists(_data.DatabasePath));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public async Task Initialize_CreatesAMissingDataFolder_OwnerOnly()
    {
        var nested = Path.Combine(_data.Path, "fresh", ".mcpsaas");
        using var store = SqliteStateStoreFor(nested);

        await store.InitializeAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(nested, "state.db")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));
        }
    }

    [Fact]
    public async Task Entitlement_DefaultsToEnterpriseForLocal_AndFreeForOtherOrgs()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        var local = await store.GetEntitlementAsync("local", CancellationToken.None);
        var acme = await store.GetEntitlementAsync("acme", CancellationToken.None);

        Assert.Equal(PlanTier.Enterprise, local.Tier);
        Assert.True(local.IsDefault);
        Assert.Null(local.Limits.CallsPerMonth);
        Assert.Equal(PlanTier.Free, acme.Tier);
        Assert.Equal(5_000, acme.Limits.CallsPerMonth);
    }

    [Fact]
    public async Task Entitlement_SetWithOverrides_IsReadBackWithEffectiveLimits()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        await store.SetEntitlementAsync("acme", PlanTier.Pro, new PlanLimitOverrides { CallsPerMonth = 3, ServersPerOrg = 7 }, CancellationToken.None);
        var read = await store.GetEntitlementAsync("acme", CancellationToken.None);

        Assert.False(read.IsDefault);
        Assert.Equal(PlanTier.Pro, read.Tier);
        Assert.Equal(3, read.Limits.CallsPerMonth);
        Assert.Equal(7, read.Limits.ServersPerOrg);
        Assert.Equal(10, read.Limits.ToolsPerServer);
        Assert.Equal(Stores.Start, read.UpdatedAt);
    }

    [Fact]
    public async Task Entitlement_SetAgainWithoutOverrides_ClearsThem()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        await store.SetEntitlementAsync("acme", PlanTier.Pro, new PlanLimitOverrides { CallsPerMonth = 3 }, CancellationToken.None);

        await store.SetEntitlementAsync("acme", PlanTier.Free, PlanLimitOverrides.None, CancellationToken.None);
        var read = await store.GetEntitlementAsync("acme", CancellationToken.None);

        Assert.Equal(PlanTier.Free, read.Tier);
        Assert.True(read.Overrides.IsEmpty);
        Assert.Equal(5_000, read.Limits.CallsPerMonth);
    }

    [Fact]
    public async Task EnsureServers_RecordsFirstSeenOnce_AndKeepsItOnLaterRuns()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var a = Stores.Id("acme/tools/a");

        var first = await store.EnsureServersAsync([a], CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        var b = Stores.Id("acme/tools/b");
        var second = await store.EnsureServersAsync([b, a], CancellationToken.None);

        Assert.Equal(Stores.Start, first[0].FirstSeenAt);
        Assert.Equal(ServerState.Reconciling, first[0].State);
        Assert.Equal([b, a], second.Select(s => s.Id));
        Assert.Equal(Stores.Start, second[1].FirstSeenAt);
        Assert.Equal(Stores.Start.AddHours(1), second[0].FirstSeenAt);
        var repos = await store.ListReposAsync("acme", CancellationToken.None);
        Assert.Equal("tools", Assert.Single(repos).Name);
    }

    [Fact]
    public async Task ListServers_OrdersByFirstSeenThenId_TheOrgSlotOrder()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        await store.EnsureServersAsync([Stores.Id("acme/r2/z"), Stores.Id("acme/r1/y")], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.EnsureServersAsync([Stores.Id("acme/r1/a"), Stores.Id("other/r/x")], CancellationToken.None);

        var servers = await store.ListServersAsync("acme", null, CancellationToken.None);
        var inRepo = await store.ListServersAsync("acme", "r1", CancellationToken.None);

        Assert.Equal(["acme/r1/y", "acme/r2/z", "acme/r1/a"], servers.Select(s => s.Id.ToString()));
        Assert.Equal(["acme/r1/y", "acme/r1/a"], inRepo.Select(s => s.Id.ToString()));
    }

    [Fact]
    public async Task UpdateServerStatus_WritesStateReasonRevision_AndSkipsUnknownServers()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var a = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([a], CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));

        var updated = await store.UpdateServerStatusAsync(
        [
            new ServerStatusUpdate { Id = a, State = ServerState.Stalled, Reason = "secret 'slack-bot' is not set", ObservedRevision = "abc123" },
            new ServerStatusUpdate { Id = Stores.Id("acme/tools/ghost"), State = ServerState.Ready },
        ], CancellationToken.None);

        var read = await store.GetServerAsync(a, CancellationToken.None);
        Assert.Equal(1, updated);
        Assert.NotNull(read);
        Assert.Equal(ServerState.Stalled, read.State);
        Assert.Equal("secret 'slack-bot' is not set", read.Reason);
        Assert.Equal("abc123", read.ObservedRevision);
        Assert.Equal(Stores.Start.AddSeconds(5), read.LastReconcileAt);
        Assert.Null(await store.GetServerAsync(Stores.Id("acme/tools/ghost"), CancellationToken.None));
    }

    [Fact]
    public async Task RecordDeployment_WritesInventoryServerAndHistory_InOneGo()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var a = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([a], CancellationToken.None);
        await store.UpdateServerStatusAsync([new ServerStatusUpdate { Id = a, State = ServerState.Stalled, Reason = "was broken" }], CancellationToken.None);

        await store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = a,
            Action = DeployAction.Create,
            Platform = "local",
            ScriptName = "mcp-acme-tools-a",
            ContentHash = "h1",
            Revision = "rev1",
            EndpointUrl = "http://127.0.0.1:8787/acme/tools/a/mcp",
        }, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = a,
            Action = DeployAction.Update,
            Platform = "local",
            ScriptName = "mcp-acme-tools-a",
            ContentHash = "h2",
            Revision = "rev2",
        }, CancellationToken.None);

        var server = await store.GetServerAsync(a, CancellationToken.None);
        Assert.NotNull(server);
        Assert.Equal(ServerState.Ready, server.State);
        Assert.Null(server.Reason);
        Assert.Equal("rev2", server.LastAppliedRevision);
        Assert.Equal("h2", server.ContentHash);
        Assert.Equal("http://127.0.0.1:8787/acme/tools/a/mcp", server.EndpointUrl);
        Assert.Equal("mcp-acme-tools-a", server.ScriptName);
        var inventory = Assert.Single(await store.ListInventoryAsync("acme", "tools", CancellationToken.None));
        Assert.Equal(("h2", Stores.Start.AddMinutes(1)), (inventory.ContentHash, inventory.DeployedAt));
        var history = await store.ListDeployHistoryAsync(a, 10, CancellationToken.None);
        Assert.Equal([DeployAction.Update, DeployAction.Create], history.Select(h => h.Action));
        Assert.All(history, h => Assert.True(h.Succeeded));
    }

    [Fact]
    public async Task RecordDeletion_RemovesInventoryAndServer_KeepsHistoryAndAllowsAFreshFirstSeen()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var a = Stores.Id("acme/tools/a");
        await store.RecordDeploymentAsync(new DeploymentRecord { ServerId = a, Action = DeployAction.Create, Platform = "local", ScriptName = "s-a", ContentHash = "h1" }, CancellationToken.None);
        await store.CreateApiKeyAsync(new NewApiKey { ServerId = a, Name = "default", KeyId = "0123456789ab", Hash = new string('a', 64) }, CancellationToken.None);

        await store.RecordDeletionAsync(new DeletionRecord { ServerId = a, Platform = "local", ScriptName = "s-a" }, CancellationToken.None);

        Assert.Empty(await store.ListInventoryAsync(null, null, CancellationToken.None));
        Assert.Null(await store.GetServerAsync(a, CancellationToken.None));
        Assert.Empty(await store.ListApiKeysAsync(a, includeRevoked: true, CancellationToken.None));
        var history = await store.ListDeployHistoryAsync(a, 10, CancellationToken.None);
        Assert.Equal([DeployAction.Delete, DeployAction.Create], history.Select(h => h.Action));
        clock.Advance(TimeSpan.FromDays(1));
        var again = Assert.Single(await store.EnsureServersAsync([a], CancellationToken.None));
        Assert.Equal(Stores.Start.AddDays(1), again.FirstSeenAt);
    }

    [Fact]
    public async Task AppendDeployHistory_KeepsFailures_NewestFirst()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var a = Stores.Id("acme/tools/a");

        await store.AppendDeployHistoryAsync(new DeployHistoryEntry { ServerId = a, Action = DeployAction.Create, Succeeded = false, Message = "platform said 500" }, CancellationToken.None);
        await store.AppendDeployHistoryAsync(new DeployHistoryEntry { ServerId = a, Action = DeployAction.Create, Succeeded = false, Message = "timeout" }, CancellationToken.None);

        var history = await store.ListDeployHistoryAsync(a, 1, CancellationToken.None);
        Assert.Equal("timeout", Assert.Single(history).Message);
    }

    [Fact]
    public async Task ReconcileSnapshot_ReadsServersInventoryAndActiveKeyHashes_OfOneRepo()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var a = Stores.Id("acme/tools/a");
        var b = Stores.Id("acme/tools/b");
        var other = Stores.Id("acme/other/c");
        await store.EnsureServersAsync([a, b, other], CancellationToken.None);
        await store.RecordDeploymentAsync(new DeploymentRecord { ServerId = a, Action = DeployAction.Create, Platform = "local", ScriptName = "s-a", ContentHash = "h" }, CancellationToken.None);
        await store.RecordDeploymentAsync(new DeploymentRecord { ServerId = other, Action = DeployAction.Create, Platform = "local", ScriptName = "s-c", ContentHash = "h" }, CancellationToken.None);
        var hash1 = new string('1', 64);
        var hash2 = new string('2', 64);
        await store.CreateApiKeyAsync(new NewApiKey { ServerId = a, Name = "laptop", KeyId = hash2[..12], Hash = hash2 }, CancellationToken.None);
        await store.CreateApiKeyAsync(new NewApiKey { ServerId = a, Name = "default", KeyId = hash1[..12], Hash = hash1 }, CancellationToken.None);
        await store.CreateApiKeyAsync(new NewApiKey { ServerId = b, Name = "old", KeyId = "ffffffffffff", Hash = new string('f', 64) }, CancellationToken.None);
        await store.RevokeApiKeyAsync(b, "old", CancellationToken.None);

        var snapshot = await store.GetReconcileSnapshotAsync("acme", "tools", CancellationToken.None);

        Assert.Equal([a, b], snapshot.Servers.Select(s => s.Id));
        Assert.Equal("s-a", Assert.Single(snapshot.Inventory).ScriptName);
        Assert.Equal([hash1, hash2], snapshot.KeyHashesOf(a));
        Assert.Empty(snapshot.KeyHashesOf(b));
        var everything = await store.GetReconcileSnapshotAsync(null, null, CancellationToken.None);
        Assert.Equal(3, everything.Servers.Count);
        Assert.Equal(2, everything.Inventory.Count);
    }

    [Fact]
    public async Task MarkReconciled_SetsTheTimeOfEveryServerOfTheRepo()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        await store.EnsureServersAsync([Stores.Id("acme/tools/a"), Stores.Id("acme/tools/b"), Stores.Id("acme/else/c")], CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));

        await store.MarkReconciledAsync("acme", "tools", CancellationToken.None);

        var servers = await store.ListServersAsync("acme", null, CancellationToken.None);
        Assert.Equal(
            [("acme/tools/a", (DateTimeOffset?)Stores.Start.AddSeconds(30)), ("acme/tools/b", Stores.Start.AddSeconds(30)), ("acme/else/c", null)],
            servers.OrderBy(s => s.Id.Repo == "else").ThenBy(s => s.Id.Name).Select(s => (s.Id.ToString(), s.LastReconcileAt)));
    }

    [Fact]
    public async Task Settings_GetOrAdd_KeepsTheFirstValue_SoThePortStaysStable()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        var first = await store.GetOrAddSettingAsync(PlatformSettings.LocalRuntimePort, "8787", CancellationToken.None);
        var second = await store.GetOrAddSettingAsync(PlatformSettings.LocalRuntimePort, "9999", CancellationToken.None);
        await store.SetSettingAsync("other", "x", CancellationToken.None);
        await store.SetSettingAsync("other", "y", CancellationToken.None);

        Assert.Equal("8787", first);
        Assert.Equal("8787", second);
        Assert.Equal("y", await store.GetSettingAsync("other", CancellationToken.None));
        Assert.Null(await store.GetSettingAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task Audit_AppendsWithTheStoreClock_ListsNewestFirstPerOrg()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);

        await store.AppendAuditAsync(new AuditEntry { Actor = "cli:ana", Action = "entitlement.set", Org = "acme", Detail = "pro" }, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.AppendAuditAsync(new AuditEntry { Actor = "cli:ana", Action = "secret.set", Org = "other" }, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.AppendAuditAsync(new AuditEntry { Actor = "reconciler", Action = "key.create", Org = "acme", Target = "acme/tools/a" }, CancellationToken.None);

        var acme = await store.ListAuditAsync("acme", 10, CancellationToken.None);
        var all = await store.ListAuditAsync(null, 2, CancellationToken.None);

        Assert.Equal(["key.create", "entitlement.set"], acme.Select(e => e.Action));
        Assert.Equal(Stores.Start.AddSeconds(2), acme[0].At);
        Assert.Equal(["key.create", "secret.set"], all.Select(e => e.Action));
    }

    [Fact]
    public async Task UsageToken_IsStoredAsGivenHashOnce_WhenOnlyIfAbsent()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var a = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([a], CancellationToken.None);

        var first = await store.SetUsageTokenHashAsync(a, "hash-1", onlyIfAbsent: true, CancellationToken.None);
        var second = await store.SetUsageTokenHashAsync(a, "hash-2", onlyIfAbsent: true, CancellationToken.None);
        var unknown = await store.SetUsageTokenHashAsync(Stores.Id("acme/tools/nope"), "hash-3", onlyIfAbsent: false, CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Null(second);
        Assert.Null(unknown);
        Assert.Equal("hash-1", await store.GetUsageTokenHashAsync(a, CancellationToken.None));
        Assert.Equal(1, (await store.GetServerAsync(a, CancellationToken.None))!.UsageTokenVersion);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Initialize_InAnExistingOpenFolder_CreatesTheStoreOwnerOnly_WalAndShmToo()
    {
        var open = Path.Combine(_data.Path, "open");
        Directory.CreateDirectory(open, (UnixFileMode)Convert.ToInt32("755", 8));
        using var store = SqliteStateStoreFor(open);

        await store.InitializeAsync(CancellationToken.None);
        await store.SetEntitlementAsync("acme", PlanTier.Pro, new PlanLimitOverrides(), CancellationToken.None);

        foreach (var file in new[] { "state.db", "state.db-wal", "state.db-shm" })
        {
            Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(open, file)));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Initialize_TightensAStoreAnOlderVersionLeftReadableToOthers()
    {
        var open = Path.Combine(_data.Path, "old");
        using (var first = SqliteStateStoreFor(open))
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        var db = Path.Combine(open, "state.db");
        File.SetUnixFileMode(db, (UnixFileMode)Convert.ToInt32("644", 8));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var again = SqliteStateStoreFor(open);

        await again.InitializeAsync(CancellationToken.None);

        Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(db));
    }

    private static McpSaas.Reconciler.State.Sqlite.SqliteStateStore SqliteStateStoreFor(string dataDirectory) =>
        McpSaas.Reconciler.State.Sqlite.SqliteStateStore.ForDataDirectory(dataDirectory, Stores.Clock());
}
