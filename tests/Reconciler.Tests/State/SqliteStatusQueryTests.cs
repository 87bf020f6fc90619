using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Tests.State;

/// <summary>The reads behind the status UI: daily rows, the last calls, calls per server, the busiest minute, known orgs.</summary>
public sealed class SqliteStatusQueryTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly SqliteStateStore _store;
    private readonly ServerId _a = Stores.Id("acme/tools/a");
    private readonly ServerId _b = Stores.Id("acme/tools/b");

    public SqliteStatusQueryTests()
    {
        _store = Stores.Open(_data, Stores.Clock());
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task DailyUsage_ListsRowsPerDayToolAndKey_InTheRangeOnly()
    {
        await _store.EnsureServersAsync([_a], CancellationToken.None);
        await RecordAsync(
            Call(_a, "fetch", "k1", Stores.Start.AddDays(-40)),
            Call(_a, "fetch", "k1", Stores.Start.AddDays(-1)),
            Call(_a, "fetch", "k1", Stores.Start.AddDays(-1), ok: false),
            Call(_a, "fetch", null, Stores.Start.AddDays(-1)),
            Call(_a, "slack_post_message", "k1", Stores.Start));

        var rows = await _store.ListDailyUsageAsync(_a, DateOnly.FromDateTime(Stores.Start.UtcDateTime).AddDays(-29), DateOnly.FromDateTime(Stores.Start.UtcDateTime).AddDays(1), CancellationToken.None);

        Assert.Equal(
            [("2026-03-13", "fetch", (string?)null, 1L, 0L), ("2026-03-13", "fetch", "k1", 2L, 1L), ("2026-03-14", "slack_post_message", "k1", 1L, 0L)],
            rows.Select(r => (r.Day, r.Tool, r.KeyId, r.Calls, r.Errors)));
    }

    [Fact]
    public async Task RecentCalls_AreTheNewestByCallTime_AtMostTheLimit_WithOutcomeAndDuration()
    {
        await _store.EnsureServersAsync([_a, _b], CancellationToken.None);
        var events = Enumerable.Range(0, 150).Select(i => Call(_a, i % 2 == 0 ? "fetch" : "other", "k1", Stores.Start.AddSeconds(-i), ok: i != 3, duration: i)).ToList();
        events.Add(Call(_b, "fetch", null, Stores.Start.AddSeconds(5)));
        await RecordAsync([.. events]);

        var calls = await _store.ListRecentCallsAsync(_a, 100, CancellationToken.None);

        Assert.Equal(100, calls.Count);
        Assert.Equal(Stores.Start, calls[0].Timestamp);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), calls.Select(c => c.DurationMs));
        Assert.False(calls[3].Ok);
        Assert.Equal("upstream_error", calls[3].ErrorKind);
        Assert.All(calls, c => Assert.Equal("k1", c.KeyId));
    }

    [Fact]
    public async Task ServerCalls_AreSummedPerServer_ForTheOrgAndMonth()
    {
        await _store.EnsureServersAsync([_a, _b], CancellationToken.None);
        await RecordAsync(
            Call(_a, "fetch", null, Stores.Start),
            Call(_a, "x", "k", Stores.Start, ok: false),
            Call(_b, "fetch", null, Stores.Start),
            Call(_b, "fetch", null, Stores.Start.AddMonths(-1)));

        var calls = await _store.ListServerCallsAsync("acme", UsageMonth.Of(Stores.Start), CancellationToken.None);

        Assert.Equal([(_a, 2L, 1L), (_b, 1L, 0L)], calls.Select(c => (c.ServerId, c.Calls, c.Errors)));
        Assert.Empty(await _store.ListServerCallsAsync("other", UsageMonth.Of(Stores.Start), CancellationToken.None));
    }

    [Fact]
    public async Task BusiestMinute_IsThePeakOfOneServer_SinceTheGivenTime()
    {
        await _store.EnsureServersAsync([_a, _b], CancellationToken.None);
        var minute = new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
        await RecordAsync(
            Call(_a, "fetch", null, minute.AddSeconds(1)),
            Call(_a, "fetch", null, minute.AddSeconds(59)),
            Call(_a, "fetch", null, minute.AddSeconds(61)),
            Call(_b, "fetch", null, minute.AddSeconds(70)),
            Call(_b, "fetch", null, minute.AddSeconds(-3600)),
            Call(_b, "fetch", null, minute.AddSeconds(-3599)),
            Call(_b, "fetch", null, minute.AddSeconds(-3598)));

        var peak = await _store.GetBusiestMinuteAsync("acme", minute.AddMinutes(-10), CancellationToken.None);

        Assert.NotNull(peak);
        Assert.Equal((_a, minute, 2L), (peak.ServerId, peak.Minute, peak.Calls));
        Assert.Null(await _store.GetBusiestMinuteAsync("acme", minute.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task KnownOrgs_ComeFromServersEntitlementsAndSecrets()
    {
        await _store.EnsureServersAsync([_a], CancellationToken.None);
        await _store.SetEntitlementAsync("zeta", PlanTier.Pro, PlanLimitOverrides.None, CancellationToken.None);
        await _store.PutSecretAsync("beta", null, "x", _ => new EncryptedSecret { Nonce = new byte[12], CiphertextAndTag = new byte[16], KeyFingerprint = "fp" }, CancellationToken.None);

        Assert.Equal(["acme", "beta", "zeta"], await _store.ListKnownOrgsAsync(CancellationToken.None));
    }

    private static UsageEvent Call(ServerId id, string tool, string? key, DateTimeOffset at, bool ok = true, long duration = 5) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        ServerId = id,
        Tool = tool,
        KeyId = key,
        Ok = ok,
        ErrorKind = ok ? null : "upstream_error",
        DurationMs = duration,
        Timestamp = at,
    };

    private Task RecordAsync(params UsageEvent[] events) => _store.RecordUsageAsync("acme", events, CancellationToken.None);
}
