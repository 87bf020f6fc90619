using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Tests.TestSupport;

namespace McpSaas.Reconciler.Tests.Keys;

public sealed class ApiKeyServiceTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Create_StoresOnlyTheHash_AndReturnsTheKeyOnce()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var keys = new ApiKeyService(store);

        var created = await keys.CreateAsync(server, "laptop", "cli:ana", CancellationToken.None);

        Assert.True(created.Succeeded, created.Error);
        var listed = Assert.Single(await keys.ListAsync(server, includeRevoked: false, CancellationToken.None));
        Assert.Equal(ApiKeys.Hash(created.Key!.Reveal()), listed.Hash);
        Assert.Equal(listed.Hash[..12], listed.KeyId);
        Assert.Equal(("laptop", Stores.Start, (DateTimeOffset?)null), (listed.Name, listed.CreatedAt, listed.LastUsedAt));
        Assert.DoesNotContain(created.Key.Reveal(), listed.ToString(), StringComparison.Ordinal);
        var audit = Assert.Single(await store.ListAuditAsync("acme", 10, CancellationToken.None));
        Assert.Equal(("key.create", "cli:ana"), (audit.Action, audit.Actor));
        Assert.DoesNotContain(created.Key.Reveal(), audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsLastUse_FromUsageEventsOfThatKey()
    {
        var clock = Stores.Clock();
        using var store = Stores.Open(_data, clock);
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var keys = new ApiKeyService(store);
        var laptop = await keys.CreateAsync(server, "laptop", "test", CancellationToken.None);
        await keys.CreateAsync(server, "ci", "test", CancellationToken.None);

        await store.RecordUsageAsync("acme",
        [
            new() { EventId = "e1", ServerId = server, Tool = "fetch", KeyId = laptop.Record!.KeyId, Ok = true, DurationMs = 1, Timestamp = Stores.Start.AddMinutes(5) },
            new() { EventId = "e2", ServerId = server, Tool = "fetch", KeyId = laptop.Record.KeyId, Ok = true, DurationMs = 1, Timestamp = Stores.Start.AddMinutes(9) },
        ], CancellationToken.None);
        await store.RecordUsageAsync("acme",
            [new() { EventId = "e0", ServerId = server, Tool = "fetch", KeyId = laptop.Record.KeyId, Ok = true, DurationMs = 1, Timestamp = Stores.Start.AddMinutes(1) }],
            CancellationToken.None);

        var listed = await keys.ListAsync(server, includeRevoked: false, CancellationToken.None);

        Assert.Equal([("laptop", (DateTimeOffset?)Stores.Start.AddMinutes(9)), ("ci", null)], listed.Select(k => (k.Name, k.LastUsedAt)));
    }

    [Fact]
    public async Task Revoke_RemovesTheKeyFromTheActiveList_AndFreesItsName()
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var keys = new ApiKeyService(store);
        var first = await keys.CreateAsync(server, "default", "test", CancellationToken.None);

        Assert.True(await keys.RevokeAsync(server, "default", "test", CancellationToken.None));
        Assert.False(await keys.RevokeAsync(server, "default", "test", CancellationToken.None));
        var second = await keys.CreateAsync(server, "default", "test", CancellationToken.None);

        Assert.True(second.Succeeded, second.Error);
        var active = Assert.Single(await keys.ListAsync(server, includeRevoked: false, CancellationToken.None));
        Assert.Equal(second.Record!.Hash, active.Hash);
        var all = await keys.ListAsync(server, includeRevoked: true, CancellationToken.None);
        Assert.Equal([first.Record!.Hash, second.Record.Hash], all.Select(k => k.Hash));
        Assert.NotNull(all[0].RevokedAt);
        var snapshot = await store.GetReconcileSnapshotAsync("acme", "tools", CancellationToken.None);
        Assert.Equal([second.Record.Hash], snapshot.KeyHashesOf(server));
    }

    [Theory]
    [InlineData("default", "already has a key named 'default'")]
    [InlineData("Has Space", "not a valid key name")]
    public async Task Create_RefusesATakenOrInvalidName_SayingWhatToDo(string name, string expected)
    {
        using var store = Stores.Open(_data, Stores.Clock());
        var server = Stores.Id("acme/tools/a");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var keys = new ApiKeyService(store);
        await keys.CreateAsync(server, "default", "test", CancellationToken.None);

        var created = await keys.CreateAsync(server, name, "test", CancellationToken.None);

        Assert.False(created.Succeeded);
        Assert.Null(created.Key);
        Assert.Contains(expected, created.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ForAnUnknownServer_SaysHowToListServers()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        var created = await new ApiKeyService(store).CreateAsync(Stores.Id("acme/tools/nope"), "default", "test", CancellationToken.None);

        Assert.Contains("unknown server 'acme/tools/nope'", created.Error, StringComparison.Ordinal);
        Assert.Contains("mcpsaas servers list", created.Error, StringComparison.Ordinal);
    }
}
