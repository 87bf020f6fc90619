using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.Tests.State;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task FreshDatabase_GetsEveryMigration_EachRecordedOnce()
    {
        using var store = Stores.Open(_data, Stores.Clock());

        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);
        using var again = Stores.Open(_data, Stores.Clock());
        await again.InitializeAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.All[^1].Version, await store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), Query<long>("SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task OldDatabase_AtVersionOne_IsMigratedForward_KeepingItsData()
    {
        var clock = Stores.Clock();
        var a = Stores.Id("acme/tools/a");
        using (var old = OpenWith(clock, SqliteMigrations.All.Take(1).ToList()))
        {
            await old.InitializeAsync(CancellationToken.None);
            Execute("""
                INSERT INTO servers (server_id, org, repo, name, first_seen_at, state, content_hash)
                VALUES ('acme/tools/a', 'acme', 'tools', 'a', 1000, 'ready', 'h-old')
                """);
            Assert.Equal(1, await old.GetSchemaVersionAsync(CancellationToken.None));
            Assert.Empty(Query<string>("SELECT name FROM sqlite_master WHERE name = 'api_keys'"));
        }

        SqliteConnection.ClearAllPools();
        using var current = Stores.Open(_data, clock);
        await current.InitializeAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.All[^1].Version, await current.GetSchemaVersionAsync(CancellationToken.None));
        var server = await current.GetServerAsync(a, CancellationToken.None);
        Assert.NotNull(server);
        Assert.Equal("h-old", server.ContentHash);
        Assert.Equal(0, server.UsageTokenVersion);
        var created = await current.CreateApiKeyAsync(new NewApiKey { ServerId = a, Name = "default", KeyId = "abcdefabcdef", Hash = new string('c', 64) }, CancellationToken.None);
        Assert.Equal(ApiKeyCreateOutcome.Created, created.Outcome);
    }

    [Fact]
    public async Task DatabaseAtVersionSix_GetsTheStatusUiColumns_KeepingItsHistoryAndServers()
    {
        var clock = Stores.Clock();
        var a = Stores.Id("acme/tools/a");
        using (var old = OpenWith(clock, SqliteMigrations.All.Where(m => m.Version <= 6).ToList()))
        {
            await old.InitializeAsync(CancellationToken.None);
            Execute("""
                INSERT INTO servers (server_id, org, repo, name, first_seen_at, state, reason)
                VALUES ('acme/tools/a', 'acme', 'tools', 'a', 1000, 'waiting', 'secret ''x'' not set for org ''acme''');
                INSERT INTO deploy_history (server_id, action, succeeded, at) VALUES ('acme/tools/a', 'create', 1, 2000);
                """);
        }

        SqliteConnection.ClearAllPools();
        using var current = Stores.Open(_data, clock);
        await current.InitializeAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.All[^1].Version, await current.GetSchemaVersionAsync(CancellationToken.None));
        var server = await current.GetServerAsync(a, CancellationToken.None);
        Assert.Equal(ServerState.Waiting, server!.State);
        Assert.Empty(server.MissingSecrets);
        var entry = Assert.Single(await current.ListDeployHistoryAsync(a, 10, CancellationToken.None));
        Assert.Null(entry.PlanText);
        Assert.Single(Query<string>("SELECT name FROM sqlite_master WHERE name = 'ix_usage_events_server_ts'"));
    }

    [Fact]
    public async Task FailingMigration_IsRolledBackWhole_AndTheVersionStays()
    {
        var broken = SqliteMigrations.All.Take(1).Append(new Migration(2, "broken", """
            CREATE TABLE half_done (x INTEGER);
            THIS IS NOT SQL;
            """)).ToList();
        using var store = OpenWith(Stores.Clock(), broken);

        var error = await Assert.ThrowsAsync<StateStoreException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.Contains("migration 2 (broken) failed and was rolled back", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], Query<long>("SELECT version FROM schema_version"));
        Assert.Empty(Query<string>("SELECT name FROM sqlite_master WHERE name = 'half_done'"));
    }

    [Fact]
    public async Task DatabaseFromANewerMcpSaas_IsRefused_WithWhatToDo()
    {
        using (var store = Stores.Open(_data, Stores.Clock()))
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        Execute("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'from the future', 0)");
        SqliteConnection.ClearAllPools();
        using var older = Stores.Open(_data, Stores.Clock());

        var error = await Assert.ThrowsAsync<StateStoreException>(() => older.GetServerAsync(Stores.Id("a/b/c"), CancellationToken.None));

        Assert.Contains("schema version 99, newer than this McpSaas knows", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageFromBeforeRefusalsAndDeliveries_KeepsItsCounts_WithNoRefusal_AndDeliveriesWorkAfter()
    {
        var clock = Stores.Clock();
        var a = Stores.Id("acme/tools/a");
        using (var old = OpenWith(clock, SqliteMigrations.All.Where(m => m.Version <= 4).ToList()))
        {
            await old.InitializeAsync(CancellationToken.None);
            Assert.Equal(4, await old.GetSchemaVersionAsync(CancellationToken.None));
            // What version 4's code wrote for one call (the columns of that time).
            Execute("""
                INSERT INTO servers (server_id, org, repo, name, first_seen_at, state) VALUES ('acme/tools/a', 'acme', 'tools', 'a', 1000, 'ready');
                INSERT INTO usage_daily (server_id, day, tool, key_id, org, calls, errors, duration_ms) VALUES ('acme/tools/a', '2026-03-14', 'fetch', '', 'acme', 1, 0, 1);
                INSERT INTO usage_monthly (server_id, month, tool, key_id, org, calls, errors, duration_ms) VALUES ('acme/tools/a', '2026-03', 'fetch', '', 'acme', 1, 0, 1);
                INSERT INTO usage_org_monthly (org, month, calls) VALUES ('acme', '2026-03', 1);
                """);
        }

        SqliteConnection.ClearAllPools();
        using var current = Stores.Open(_data, clock);
        var month = McpSaas.Reconciler.Usage.UsageMonth.Of(Stores.Start);
        var report = await current.GetUsageReportAsync(a, month, CancellationToken.None);
        await current.RecordDeliveryAsync(new McpSaas.Reconciler.Usage.UsageDelivery(a, "ep:0", 2, Stores.Start), CancellationToken.None);

        Assert.Equal(SqliteMigrations.All[^1].Version, await current.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal((1L, 0L), (report.Calls, report.Refused));
        Assert.Equal(1, await current.GetOrgCallsAsync("acme", month, CancellationToken.None));
        Assert.Equal(2, (await current.GetDeliveryAsync(a, month, CancellationToken.None)).Dropped);
    }

    private SqliteStateStore OpenWith(TimeProvider clock, IReadOnlyList<Migration> migrations) =>
        new(new SqliteStateStoreOptions { DatabasePath = _data.DatabasePath }, clock, null, migrations);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
