using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Usage;

public sealed class UsageIngestServiceTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly FakeTimeProvider _clock = Stores.Clock();
    private readonly SqliteStateStore _store;
    private readonly UsageIngestService _ingest;
    private readonly ServerId _server = Stores.Id("acme/tools/a");
    private readonly CapturingLoggerProvider _logs = new();

    public UsageIngestServiceTests()
    {
        _store = Stores.Open(_data, _clock);
        _ingest = new UsageIngestService(_store, _clock, new UsageIngestOptions { MaxBatchBytes = 64 * 1024, MaxBatchEvents = 50 }, _logs.CreateLogger<UsageIngestService>());
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task NEvents_AreCountedNTimes_PerToolKeyAndDay()
    {
        var token = await Setup(_server);
        _clock.Advance(TimeSpan.FromDays(2));
        var events = Enumerable.Range(0, 7).Select(i => Event($"e{i}", tool: i < 5 ? "fetch" : "slack_post_message", keyId: i % 2 == 0 ? "aaaaaaaaaaaa" : null, ok: i != 3, at: Stores.Start.AddDays(i / 4)));

        var result = await _ingest.IngestAsync(token, Batch(events), CancellationToken.None);

        Assert.Equal(UsageIngestStatus.Accepted, result.Status);
        Assert.Equal((7, 0), (result.Stats!.Inserted, result.Stats.Duplicates));
        Assert.Equal(7, result.Reply!.Accepted);
        var report = await _store.GetUsageReportAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None);
        Assert.Equal((7L, 1L), (report.Calls, report.Errors));
        Assert.Equal([("fetch", 5L, 1L), ("slack_post_message", 2L, 0L)], report.ByTool.Select(t => (t.Tool, t.Calls, t.Errors)));
        Assert.Equal([("aaaaaaaaaaaa", 4L), (null, 3L)], report.ByKey.Select(k => (k.KeyId, k.Calls)));
        Assert.Equal([("2026-03-14", 4L), ("2026-03-15", 3L)], report.ByDay.Select(d => (d.Day, d.Calls)));
    }

    [Fact]
    public async Task TheSameBatchTwice_CountsOnce_AndIsAcknowledgedBothTimes()
    {
        var token = await Setup(_server);
        var body = Batch(Enumerable.Range(0, 5).Select(i => Event($"e{i}")));

        var first = await _ingest.IngestAsync(token, body, CancellationToken.None);
        var second = await _ingest.IngestAsync(token, body, CancellationToken.None);
        var overlapping = await _ingest.IngestAsync(token, Batch(Enumerable.Range(3, 4).Select(i => Event($"e{i}"))), CancellationToken.None);

        Assert.Equal((5, 0), (first.Stats!.Inserted, first.Stats.Duplicates));
        Assert.Equal((0, 5), (second.Stats!.Inserted, second.Stats.Duplicates));
        Assert.Equal((5, 5), (first.Reply!.Accepted, second.Reply!.Accepted));
        Assert.Equal((2, 2), (overlapping.Stats!.Inserted, overlapping.Stats.Duplicates));
        var report = await _store.GetUsageReportAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None);
        Assert.Equal(7, report.Calls);
        Assert.Equal(7, second.Reply.Quota.Used + 2);
    }

    [Fact]
    public async Task UnknownServer_IsUnauthorized_WithTheSameReasonAsAWrongToken()
    {
        var token = await Setup(_server);

        var ghost = await _ingest.IngestAsync(token, Batch([Event("e1", server: "acme/tools/ghost")]), CancellationToken.None);
        var wrong = await _ingest.IngestAsync(token + "x", Batch([Event("e1")]), CancellationToken.None);

        Assert.Equal((UsageIngestStatus.Unauthorized, UsageIngestStatus.Unauthorized), (ghost.Status, wrong.Status));
        Assert.Equal(wrong.Reason, ghost.Reason);
        Assert.Equal("the bearer token is not this server's usage token", ghost.Reason);
    }

    [Fact]
    public async Task EventsOutsideTheCurrentAndPreviousMonth_AreSkippedPerEvent_AndTheRestCounted()
    {
        var token = await Setup(_server);
        _clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

        var result = await _ingest.IngestAsync(token, Batch(
        [
            Event("april", at: _clock.GetUtcNow()),
            Event("march-first", at: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            Event("february-last", at: new DateTimeOffset(2026, 2, 28, 23, 59, 59, 999, TimeSpan.Zero)),
            Event("long-ago", at: new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        ]), CancellationToken.None);
        var again = await _ingest.IngestAsync(token, Batch([Event("long-ago", at: new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero))]), CancellationToken.None);

        Assert.Equal(UsageIngestStatus.Accepted, result.Status);
        Assert.Equal((4, 2), (result.Reply!.Accepted, result.Reply.Skipped));
        Assert.Equal((2, 0), (result.Stats!.Inserted, result.Stats.Duplicates));
        Assert.Equal((1, 1), (again.Reply!.Accepted, again.Reply.Skipped));
        Assert.Equal(1, await _store.GetOrgCallsAsync("acme", new UsageMonth(2026, 4), CancellationToken.None));
        Assert.Equal(1, await _store.GetOrgCallsAsync("acme", new UsageMonth(2026, 3), CancellationToken.None));
        Assert.Equal(0, await _store.GetOrgCallsAsync("acme", new UsageMonth(2026, 2), CancellationToken.None));
        Assert.Equal(0, await _store.GetOrgCallsAsync("acme", new UsageMonth(2020, 3), CancellationToken.None));
        Assert.Contains("2 event(s) dated before 2026-03-01T00:00:00.0000000+00:00 acknowledged but not counted", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMissingOrOtherServersToken_IsUnauthorized_AndNothingIsCounted()
    {
        var token = await Setup(_server);
        var other = Stores.Id("acme/tools/b");
        var otherToken = await Setup(other);
        var body = Batch([Event("e1")]);

        var wrong = await _ingest.IngestAsync(token + "x", body, CancellationToken.None);
        var missing = await _ingest.IngestAsync(null, body, CancellationToken.None);
        var otherServers = await _ingest.IngestAsync(otherToken, body, CancellationToken.None);

        Assert.Equal([UsageIngestStatus.Unauthorized, UsageIngestStatus.Unauthorized, UsageIngestStatus.Unauthorized], new[] { wrong, missing, otherServers }.Select(r => r.Status));
        Assert.Equal(0, await _store.GetOrgCallsAsync("acme", UsageMonth.Of(Stores.Start), CancellationToken.None));
        Assert.DoesNotContain(token, _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerWithoutAnIssuedToken_IsUnauthorized()
    {
        await _store.EnsureServersAsync([_server], CancellationToken.None);

        var result = await _ingest.IngestAsync("mcpu_guess", Batch([Event("e1")]), CancellationToken.None);

        Assert.Equal(UsageIngestStatus.Unauthorized, result.Status);
    }

    [Fact]
    public async Task OversizeBatch_IsTooLarge()
    {
        var token = await Setup(_server);

        var tooMany = await _ingest.IngestAsync(token, Batch(Enumerable.Range(0, 51).Select(i => Event($"e{i}"))), CancellationToken.None);
        var tooBig = await _ingest.IngestAsync(token, new byte[64 * 1024 + 1], CancellationToken.None);

        Assert.Equal((UsageIngestStatus.TooLarge, UsageIngestStatus.TooLarge), (tooMany.Status, tooBig.Status));
    }

    [Fact]
    public async Task QuotaVerdict_FlipsToExceededAtTheLimit_CountsEveryServerOfTheOrg_AndResetsNextMonth()
    {
        var token = await Setup(_server);
        var other = Stores.Id("acme/docs/b");
        var otherToken = await Setup(other);
        var foreign = Stores.Id("else/tools/c");
        var foreignToken = await Setup(foreign);
        await _store.SetEntitlementAsync("acme", PlanTier.Free, new PlanLimitOverrides { CallsPerMonth = 3 }, CancellationToken.None);

        var one = await _ingest.IngestAsync(token, Batch([Event("a1")]), CancellationToken.None);
        var foreignCalls = await _ingest.IngestAsync(foreignToken, Batch([Event("f1", server: "else/tools/c"), Event("f2", server: "else/tools/c")]), CancellationToken.None);
        var two = await _ingest.IngestAsync(otherToken, Batch([Event("b1", server: "acme/docs/b")]), CancellationToken.None);
        var three = await _ingest.IngestAsync(token, Batch([Event("a2")]), CancellationToken.None);

        Assert.Equal((3L, 1L, false), (one.Reply!.Quota.Limit, one.Reply.Quota.Used, one.Reply.Quota.Exceeded));
        Assert.Equal((2L, false), (two.Reply!.Quota.Used, two.Reply.Quota.Exceeded));
        Assert.Equal((3L, true), (three.Reply!.Quota.Used, three.Reply.Quota.Exceeded));
        Assert.Equal((5000L, 2L, false), (foreignCalls.Reply!.Quota.Limit, foreignCalls.Reply.Quota.Used, foreignCalls.Reply.Quota.Exceeded));

        _clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 1, TimeSpan.Zero));
        var poll = await _ingest.IngestAsync(token, Encoding.UTF8.GetBytes("""{"serverId":"acme/tools/a","events":[]}"""), CancellationToken.None);
        var april = await _ingest.IngestAsync(token, Batch([Event("a3", at: _clock.GetUtcNow())]), CancellationToken.None);

        Assert.Equal((0L, false), (poll.Reply!.Quota.Used, poll.Reply.Quota.Exceeded));
        Assert.Equal((1L, false), (april.Reply!.Quota.Used, april.Reply.Quota.Exceeded));
    }

    [Fact]
    public async Task LocalOrg_IsUnlimited_ByDefault()
    {
        var local = Stores.Id("local/examples/fetch");
        var token = await Setup(local);

        var result = await _ingest.IngestAsync(token, Batch([Event("e1", server: "local/examples/fetch")]), CancellationToken.None);

        Assert.Equal((null, 1L, false), (result.Reply!.Quota.Limit, result.Reply.Quota.Used, result.Reply.Quota.Exceeded));
    }

    [Fact]
    public async Task EventStampedInTheFuture_CountsAtReceiptTime()
    {
        var token = await Setup(_server);
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero));

        await _ingest.IngestAsync(token, Batch([Event("e1", at: new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero))]), CancellationToken.None);

        Assert.Equal(1, await _store.GetOrgCallsAsync("acme", new UsageMonth(2026, 3), CancellationToken.None));
        Assert.Equal(0, await _store.GetOrgCallsAsync("acme", new UsageMonth(2026, 4), CancellationToken.None));
    }

    [Fact]
    public void Reply_SerializesToTheContractShape()
    {
        var json = JsonSerializer.Serialize(new UsageReply { Accepted = 2, Quota = QuotaVerdict.For(null, 5) }, UsageJsonContext.Default.UsageReply);

        Assert.Equal("""{"accepted":2,"quota":{"limit":null,"used":5,"exceeded":false}}""", json);
    }

    [Fact]
    public async Task PruneUsageEvents_DropsOldRawEvents_KeepsRollups()
    {
        var token = await Setup(_server);
        await _ingest.IngestAsync(token, Batch([Event("old")]), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(40));
        await _ingest.IngestAsync(token, Batch([Event("new", at: _clock.GetUtcNow())]), CancellationToken.None);

        var pruned = await _store.PruneUsageEventsAsync(_clock.GetUtcNow().AddDays(-30), CancellationToken.None);

        Assert.Equal(1, pruned);
        Assert.Equal(1, await _store.GetOrgCallsAsync("acme", UsageMonth.Of(Stores.Start), CancellationToken.None));
    }

    [Fact]
    public async Task RefusedCalls_AreTheServersCalls_ButNeverCountTowardTheQuota()
    {
        var token = await Setup(_server);
        await _store.SetEntitlementAsync("acme", PlanTier.Free, new PlanLimitOverrides { CallsPerMonth = 3 }, CancellationToken.None);
        var events = new[]
        {
            Event("a1"), Event("a2"), Event("a3"),
            Event("r1", errorKind: UsageErrorKinds.QuotaExceeded), Event("r2", errorKind: UsageErrorKinds.QuotaExceeded),
            Event("r3", errorKind: UsageErrorKinds.QuotaUnverified),
        };

        var result = await _ingest.IngestAsync(token, Batch(events), CancellationToken.None);

        Assert.Equal((3L, 3L, true), (result.Reply!.Quota.Used, result.Reply.Quota.Limit!.Value, result.Reply.Quota.Exceeded));
        var report = await _store.GetUsageReportAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None);
        Assert.Equal((6L, 3L, 3L), (report.Calls, report.Errors, report.Refused));
        Assert.Equal(3, await _store.GetOrgCallsAsync("acme", UsageMonth.Of(Stores.Start), CancellationToken.None));
    }

    [Fact]
    public async Task Drops_AreCountedOncePerBatch_EvenWhenABatchIsSentAgainWithMore_AndTheLastDeliveryIsKept()
    {
        var token = await Setup(_server);
        _clock.Advance(TimeSpan.FromMinutes(1));

        await _ingest.IngestAsync(token, Batch([Event("e1")], batchId: "ep:0", dropped: 30), CancellationToken.None);
        // The reply was lost; the Worker sends the same batch again, with 7 more dropped meanwhile.
        await _ingest.IngestAsync(token, Batch([Event("e1")], batchId: "ep:0", dropped: 37), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _ingest.IngestAsync(token, Batch([Event("e2")], batchId: "ep:1", dropped: 5), CancellationToken.None);
        await _ingest.IngestAsync(token, Batch([], batchId: "ep:2", dropped: 0, serverId: "acme/tools/a"), CancellationToken.None);

        var delivery = await _store.GetDeliveryAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None);
        Assert.Equal((42L, 42L), (delivery.Dropped, delivery.DroppedTotal));
        Assert.Equal(_clock.GetUtcNow(), delivery.LastDeliveryAt);
        var nextMonth = await _store.GetDeliveryAsync(_server, UsageMonth.Of(Stores.Start).Next, CancellationToken.None);
        Assert.Equal((0L, 42L), (nextMonth.Dropped, nextMonth.DroppedTotal));
        Assert.Equal(2, (await _store.GetUsageReportAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None)).Calls);
    }

    [Fact]
    public async Task ARefusedBatch_IsNoDelivery()
    {
        await Setup(_server);

        await _ingest.IngestAsync("mcpu_wrong", Batch([Event("e1")], batchId: "ep:0", dropped: 3), CancellationToken.None);

        var delivery = await _store.GetDeliveryAsync(_server, UsageMonth.Of(Stores.Start), CancellationToken.None);
        Assert.Equal(((DateTimeOffset?)null, 0L), (delivery.LastDeliveryAt, delivery.DroppedTotal));
    }

    private async Task<string> Setup(ServerId server)
    {
        await _store.EnsureServersAsync([server], CancellationToken.None);
        var issued = await new UsageTokens(_store, new McpSaas.Reconciler.Secrets.SecretsKeySource(_data.Path, null)).IssueAsync(server, CancellationToken.None);
        return issued.Token!.Reveal();
    }

    private static object Event(string id, string server = "acme/tools/a", string tool = "fetch", string? keyId = null, bool ok = true, DateTimeOffset? at = null, string? errorKind = null) => new
    {
        eventId = id,
        serverId = server,
        tool,
        keyId,
        ok = ok && errorKind is null,
        errorKind = errorKind ?? (ok ? null : "upstream"),
        durationMs = 5,
        ts = (at ?? Stores.Start).ToUnixTimeMilliseconds(),
    };

    private static byte[] Batch(IEnumerable<object> events) => JsonSerializer.SerializeToUtf8Bytes(new { events = events.ToArray() });

    private static byte[] Batch(IEnumerable<object> events, string batchId, long dropped, string? serverId = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new { serverId, batchId, dropped, events = events.ToArray() });
}
