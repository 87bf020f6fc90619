using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Usage;
using McpSaas.WebhookApi.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpSaas.WebhookApi.Tests.Usage;

/// <summary>
/// The web host prunes raw usage events (the dedupe table) on a schedule, on its clock: events received longer ago
/// than the retention go, younger ones stay (so redeliveries within the accepted window still count once), rollups stay.
/// </summary>
public sealed class UsageEventPrunerTests : IDisposable
{
    private readonly McpSaasAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static UsageEvent Event(string id, DateTimeOffset at) =>
        new() { EventId = id, ServerId = ServerId.Parse("acme/tools/a"), Tool = "fetch", KeyId = null, Ok = true, ErrorKind = null, DurationMs = 3, Timestamp = at };

    private long RawEvents()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "state.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM usage_events";
        return (long)command.ExecuteScalar()!;
    }

    private async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return condition();
    }

    [Fact]
    public async Task RawEvents_OlderThanTheRetention_ArePrunedOnTheSchedule_YoungerOnesAndRollupsStay()
    {
        await _app.AddServerAsync("acme/tools/a"); // starts the host, and with it the pruner
        var start = _app.Clock.GetUtcNow();
        await _app.Store.RecordUsageAsync("acme", [Event("old-1", start), Event("old-2", start)], CancellationToken.None);
        _app.Clock.Advance(TimeSpan.FromDays(30));
        await _app.Store.RecordUsageAsync("acme", [Event("young", _app.Clock.GetUtcNow())], CancellationToken.None);
        Assert.Equal(3, RawEvents());

        // 62 days after "old": not yet past the default retention (63 days), whatever the ticks in between.
        _app.Clock.Advance(TimeSpan.FromDays(32));
        await Task.Delay(100);
        Assert.Equal(3, RawEvents());

        _app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        Assert.True(await EventuallyAsync(() => RawEvents() == 1), $"{RawEvents()} raw events left");
        Assert.Equal(2, await _app.Store.GetOrgCallsAsync("acme", UsageMonth.Of(start), CancellationToken.None));
        var again = await _app.Store.RecordUsageAsync("acme", [Event("young", start.AddDays(30))], CancellationToken.None);
        Assert.Equal((0, 1), (again.Inserted, again.Duplicates));
    }

    [Fact]
    public async Task Retention_AndInterval_AreConfigurable()
    {
        _app.Settings["State:UsageEventRetention"] = "70.00:00:00";
        _app.Settings["State:UsagePruneInterval"] = "00:10:00";
        await _app.AddServerAsync("acme/tools/a");
        var start = _app.Clock.GetUtcNow();
        await _app.Store.RecordUsageAsync("acme", [Event("e", start)], CancellationToken.None);

        _app.Clock.Advance(TimeSpan.FromDays(69));
        await Task.Delay(100);
        Assert.Equal(1, RawEvents());

        _app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(10));

        Assert.True(await EventuallyAsync(() => RawEvents() == 0), $"{RawEvents()} raw events left");
    }
}
