using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Reconciler.Usage;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.Tests.State;

/// <summary>Several writers on one file, as when the CLI runs in one terminal while <c>up</c> runs in another.</summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TwoStoresOnOneFile_WritingAtOnce_AllWritesLand()
    {
        var clock = Stores.Clock();
        using var first = Stores.Open(_data, clock);
        using var second = Stores.Open(_data, clock);
        var a = Stores.Id("acme/tools/a");
        await first.EnsureServersAsync([a], CancellationToken.None);
        await second.InitializeAsync(CancellationToken.None);

        async Task Write(IStateStore store, string prefix)
        {
            for (var i = 0; i < 40; i++)
            {
                await store.RecordUsageAsync("acme", [Event(a, $"{prefix}-{i}")], CancellationToken.None);
                await store.AppendAuditAsync(new AuditEntry { Actor = prefix, Action = "test.write", Org = "acme" }, CancellationToken.None);
            }
        }

        await Task.WhenAll(Task.Run(() => Write(first, "one")), Task.Run(() => Write(second, "two")));

        Assert.Equal(80, await first.GetOrgCallsAsync("acme", UsageMonth.Of(Stores.Start), CancellationToken.None));
        Assert.Equal(80, (await second.ListAuditAsync("acme", 1000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Write_WhileAnotherConnectionHoldsTheLock_WaitsAndSucceeds()
    {
        using var store = Stores.Open(_data, Stores.Clock(), busyTimeout: TimeSpan.FromSeconds(10));
        await store.InitializeAsync(CancellationToken.None);
        using var blocker = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        blocker.Open();
        using var held = blocker.BeginTransaction(deferred: false);

        var write = Task.Run(() => store.AppendAuditAsync(new AuditEntry { Actor = "cli", Action = "test.write" }, CancellationToken.None));
        await Task.Delay(300);
        Assert.False(write.IsCompleted);
        held.Commit();
        await write.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(await store.ListAuditAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Write_WhenTheLockOutlastsTheBusyTimeout_FailsInsteadOfHanging()
    {
        using var store = Stores.Open(_data, Stores.Clock(), busyTimeout: TimeSpan.FromMilliseconds(200));
        await store.InitializeAsync(CancellationToken.None);
        using var blocker = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        blocker.Open();
        using var held = blocker.BeginTransaction(deferred: false);

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.AppendAuditAsync(new AuditEntry { Actor = "cli", Action = "test.write" }, CancellationToken.None));

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
    }

    private static UsageEvent Event(ServerId server, string id) => new()
    {
        EventId = id,
        ServerId = server,
        Tool = "fetch",
        Ok = true,
        DurationMs = 3,
        Timestamp = Stores.Start,
    };
}
