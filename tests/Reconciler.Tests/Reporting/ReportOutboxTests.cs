using McpSaas.Reconciler.Reporting;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Collections;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Reporting;

/// <summary>The report outbox on SQLite: one pending report per key, leases, revisions, and what was posted.</summary>
public sealed class ReportOutboxTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-outbox");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero));
    private readonly SqliteStateStore _store;

    public ReportOutboxTests() => _store = new SqliteStateStore(SqliteStateStoreOptions.ForDataDirectory(_data.Path), _clock);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private static ReportRequest Report(string key, string payload) => new(key, "status", 9, payload);

    [Fact]
    public async Task ANewerReportOfTheSameKey_ReplacesThePendingOne_InsteadOfQueueingBehindIt()
    {
        await _store.EnqueueReportsAsync([Report("a", "one"), Report("b", "x")], CancellationToken.None);
        await _store.EnqueueReportsAsync([Report("a", "two")], CancellationToken.None);

        var items = await _store.ListReportsAsync(CancellationToken.None);

        Assert.Equal([("a", "two", 2L), ("b", "x", 1L)], items.Select(i => (i.Key, i.PayloadJson, i.Revision)));
    }

    [Fact]
    public async Task AReportReplacedWhileItWasPosted_StaysQueued_WithTheNewPayload()
    {
        await _store.EnqueueReportsAsync([Report("a", "one")], CancellationToken.None);
        var claimed = await _store.ClaimReportAsync("poster", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Null(await _store.ClaimReportAsync("other", TimeSpan.FromMinutes(5), CancellationToken.None)); // held

        await _store.EnqueueReportsAsync([Report("a", "two")], CancellationToken.None);
        Assert.False(await _store.CompleteReportAsync(claimed!.Id, claimed.Revision, CancellationToken.None));

        var again = await _store.ClaimReportAsync("poster", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(("two", 2L), (again!.PayloadJson, again.Revision));
        Assert.True(await _store.CompleteReportAsync(again.Id, again.Revision, CancellationToken.None));
        Assert.Empty(await _store.ListReportsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ARetriedReport_IsNotDueBeforeItsTime_AndALostLeaseFreesIt()
    {
        await _store.EnqueueReportsAsync([Report("a", "one")], CancellationToken.None);
        var claimed = await _store.ClaimReportAsync("poster", TimeSpan.FromMinutes(5), CancellationToken.None);
        await _store.RetryReportAsync(claimed!.Id, _clock.GetUtcNow() + TimeSpan.FromSeconds(30), "GitHub answered 502", CancellationToken.None);

        Assert.Null(await _store.ClaimReportAsync("poster", TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), await _store.NextReportDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var retried = await _store.ClaimReportAsync("crashed", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal((2, "GitHub answered 502"), (retried!.Attempts, retried.LastError));

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await _store.ClaimReportAsync("poster", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task PostedRecords_AreKept_AndForgottenAfterRetention()
    {
        await _store.SaveCheckRunAsync(new CheckRunRecord(9, "abc", 42, "https://github.example/runs/42", ValueArray.Create("f1", "f2"), "out", "concl"), CancellationToken.None);
        await _store.SavePostedStatusAsync(new PostedStatus(9, "abc", "mcpsaas/team", "success", "Ready: 2 MCP tools", null, 1), CancellationToken.None);
        await _store.SavePostedCommentAsync(new PostedComment(9, 7, 1234, "hash"), CancellationToken.None);

        Assert.Equal(new CheckRunRecord(9, "abc", 42, "https://github.example/runs/42", ValueArray.Create("f1", "f2"), "out", "concl"),
            await _store.GetCheckRunAsync(9, "abc", CancellationToken.None));
        Assert.Equal(1, (await _store.GetPostedStatusAsync(9, "abc", "mcpsaas/team", CancellationToken.None))!.Posts);
        Assert.Equal(1234, (await _store.GetPostedCommentAsync(9, 7, CancellationToken.None))!.CommentId);

        await _store.ForgetPostedCommentAsync(9, 7, CancellationToken.None);
        Assert.Null(await _store.GetPostedCommentAsync(9, 7, CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await _store.PruneReportMemoryAsync(_clock.GetUtcNow() - TimeSpan.FromDays(30), CancellationToken.None));
        Assert.Null(await _store.GetCheckRunAsync(9, "abc", CancellationToken.None));
    }
}
