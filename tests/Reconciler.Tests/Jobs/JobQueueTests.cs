using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Jobs;

public sealed class JobQueueTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly TempDataDirectory _data = new();
    private readonly FakeTimeProvider _clock = Stores.Clock();
    private readonly SqliteStateStore _store;

    public JobQueueTests() => _store = Stores.Open(_data, _clock);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Enqueue_AWebhookAndAPeriodicRun_OfOneRepository_CoalesceIntoOneJob_KeepingTheCommit()
    {
        var webhook = await Enqueue(Push("gh:1", "aaa", order: 100));
        var periodic = await Enqueue(new JobRequest { RepoKey = "gh:1", Kind = JobKind.Reconcile, Trigger = JobTriggers.Periodic, RunAfter = _clock.GetUtcNow().AddSeconds(30) });
        var newer = await Enqueue(Push("gh:1", "bbb", before: "aaa", order: 100));

        Assert.Equal(EnqueueOutcome.Created, webhook.Outcome);
        Assert.Equal((EnqueueOutcome.Coalesced, webhook.JobId), (periodic.Outcome, periodic.JobId));
        Assert.Equal((EnqueueOutcome.Coalesced, webhook.JobId), (newer.Outcome, newer.JobId));
        var job = Assert.Single(await _store.ListJobsAsync("gh:1", 10, CancellationToken.None));
        Assert.Equal("bbb", job.CommitSha);
        Assert.Equal(JobTriggers.Webhook | JobTriggers.Periodic, job.Triggers);
        Assert.Equal(_clock.GetUtcNow(), job.RunAfter); // the earliest time wins
    }

    [Fact]
    public async Task Enqueue_APeriodicRunFirst_ThenAPush_TakesThePushedCommit()
    {
        await Enqueue(new JobRequest { RepoKey = "gh:1", Kind = JobKind.Reconcile, Trigger = JobTriggers.Periodic });
        await Enqueue(Push("gh:1", "aaa", order: 100));

        Assert.Equal("aaa", Assert.Single(await _store.ListJobsAsync("gh:1", 10, CancellationToken.None)).CommitSha);
    }

    [Theory]
    [InlineData(200, null, 100, null)] // pushed earlier, by order
    [InlineData(100, "bbb", 100, null)] // same second, but the new head's parent chain says older
    public async Task Enqueue_APushOlderThanTheNewestHead_IsStale_EvenAfterThatHeadRan(long newestOrder, string? newestBefore, long olderOrder, string? olderBefore)
    {
        await Enqueue(Push("gh:1", "ccc", before: newestBefore, order: newestOrder));
        var claimed = await _store.ClaimAsync("r1", Lease, CancellationToken.None);
        await _store.CompleteAsync(claimed!.Id, "r1", null, CancellationToken.None);

        var late = await Enqueue(Push("gh:1", "bbb", before: olderBefore, order: olderOrder));
        var again = await Enqueue(Push("gh:1", "ccc", order: newestOrder));

        Assert.Equal(EnqueueOutcome.Stale, late.Outcome);
        Assert.Equal(EnqueueOutcome.Stale, again.Outcome);
        Assert.Single(await _store.ListJobsAsync("gh:1", 10, CancellationToken.None));
    }

    [Fact]
    public async Task Enqueue_PlansOfTwoPullRequests_AreSeparateJobs_ButOneRepositoryRunsOneAtATime()
    {
        await Enqueue(new JobRequest { RepoKey = "gh:1", Kind = JobKind.Plan, PullRequestNumber = 1, CommitSha = "p1" });
        await Enqueue(new JobRequest { RepoKey = "gh:1", Kind = JobKind.Plan, PullRequestNumber = 2, CommitSha = "p2" });
        await Enqueue(Push("gh:1", "aaa", order: 1));
        await Enqueue(Push("gh:2", "zzz", order: 1));

        var first = await _store.ClaimAsync("r1", Lease, CancellationToken.None);
        var second = await _store.ClaimAsync("r2", Lease, CancellationToken.None);
        var third = await _store.ClaimAsync("r3", Lease, CancellationToken.None);

        Assert.Equal(("gh:1", "p1"), (first!.RepoKey, first.CommitSha));
        Assert.Equal("gh:2", second!.RepoKey); // another repository runs in parallel
        Assert.Null(third); // gh:1 is busy: its other jobs wait
        Assert.True(await _store.CompleteAsync(first.Id, "r1", "{\"plan\":1}", CancellationToken.None));
        var next = await _store.ClaimAsync("r3", Lease, CancellationToken.None);
        Assert.Equal(("gh:1", "p2"), (next!.RepoKey, next.CommitSha));
        Assert.Equal("{\"plan\":1}", (await _store.GetJobAsync(first.Id, CancellationToken.None))!.ResultJson);
    }

    [Fact]
    public async Task Enqueue_WhileARunIsGoingOn_QueuesTheNextRunBehindIt()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var running = await _store.ClaimAsync("r1", Lease, CancellationToken.None);

        var next = await Enqueue(Push("gh:1", "bbb", before: "aaa", order: 2));

        Assert.Equal(EnqueueOutcome.Created, next.Outcome);
        Assert.Null(await _store.ClaimAsync("r2", Lease, CancellationToken.None));
        await _store.CompleteAsync(running!.Id, "r1", null, CancellationToken.None);
        Assert.Equal("bbb", (await _store.ClaimAsync("r2", Lease, CancellationToken.None))!.CommitSha);
    }

    [Fact]
    public async Task Claim_AfterTheLeaseExpired_TakesTheJobAgain_AndTheOldOwnerCannotFinishIt()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var crashed = await _store.ClaimAsync("dead-runner", Lease, CancellationToken.None);
        Assert.Null(await _store.ClaimAsync("r2", Lease, CancellationToken.None));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var recovered = await _store.ClaimAsync("r2", Lease, CancellationToken.None);

        Assert.Equal(crashed!.Id, recovered!.Id);
        Assert.Equal(2, recovered.Attempts);
        Assert.Equal("r2", recovered.LeaseOwner);
        Assert.False(await _store.CompleteAsync(crashed.Id, "dead-runner", null, CancellationToken.None));
        Assert.False(await _store.RenewLeaseAsync(crashed.Id, "dead-runner", Lease, CancellationToken.None));
        Assert.True(await _store.CompleteAsync(recovered.Id, "r2", null, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_OfAnExpiredLease_MergesIntoANewerPendingJob_ForTheSameWork()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var crashed = await _store.ClaimAsync("dead-runner", Lease, CancellationToken.None);
        await Enqueue(Push("gh:1", "bbb", before: "aaa", order: 2));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var next = await _store.ClaimAsync("r2", Lease, CancellationToken.None);

        Assert.Equal("bbb", next!.CommitSha);
        Assert.Equal(JobState.Superseded, (await _store.GetJobAsync(crashed!.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task RenewLease_KeepsTheJob_PastItsFirstLease()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var job = await _store.ClaimAsync("r1", Lease, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(await _store.RenewLeaseAsync(job!.Id, "r1", Lease, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Null(await _store.ClaimAsync("r2", Lease, CancellationToken.None));
    }

    [Fact]
    public async Task Fail_WithARetryTime_RunsAgainOnlyThen()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var job = await _store.ClaimAsync("r1", Lease, CancellationToken.None);

        Assert.True(await _store.FailAsync(job!.Id, "r1", new JobFailure
        {
            ErrorClass = JobErrorClass.Transient,
            Message = "503 from the platform",
            RetryAt = _clock.GetUtcNow().AddMinutes(1),
        }, CancellationToken.None));

        Assert.Null(await _store.ClaimAsync("r1", Lease, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await _store.ClaimAsync("r1", Lease, CancellationToken.None);
        Assert.Equal((job.Id, 2, "503 from the platform", JobErrorClass.Transient), (retried!.Id, retried.Attempts, retried.LastError, retried.ErrorClass));
    }

    [Fact]
    public async Task Fail_Stalled_IsNotRetried_AndPeriodicRunsSkipTheRepository_UntilItsInputChanges()
    {
        await Enqueue(Push("gh:1", "aaa", order: 1));
        var job = await _store.ClaimAsync("r1", Lease, CancellationToken.None);
        await _store.FailAsync(job!.Id, "r1", new JobFailure { ErrorClass = JobErrorClass.Stalled, Message = "no access" }, CancellationToken.None);

        var periodic = await Enqueue(new JobRequest { RepoKey = "gh:1", Kind = JobKind.Reconcile, Trigger = JobTriggers.Periodic });
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await _store.ClaimAsync("r1", Lease, CancellationToken.None));
        var push = await Enqueue(Push("gh:1", "bbb", before: "aaa", order: 2));

        Assert.Equal(EnqueueOutcome.SkippedStalled, periodic.Outcome);
        Assert.Equal(JobState.Stalled, (await _store.GetJobAsync(job.Id, CancellationToken.None))!.State);
        Assert.Equal(EnqueueOutcome.Created, push.Outcome);
        Assert.Equal(new JobQueueStats(1, 0, 1, 0), await _store.GetStatsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Jobs_SurviveAReopenedStore()
    {
        var queued = await Enqueue(Push("gh:1", "aaa", order: 1));
        _store.Dispose();

        using var reopened = Stores.Open(_data, _clock);
        var job = await reopened.ClaimAsync("r1", Lease, CancellationToken.None);

        Assert.Equal(queued.JobId, job!.Id);
    }

    [Fact]
    public async Task PruneFinished_DeletesOldFinishedJobs_ButKeepsEachRepositorysLatest()
    {
        foreach (var (sha, order) in new[] { ("a", 1L), ("b", 2L), ("c", 3L) })
        {
            await Enqueue(Push("gh:1", sha, order: order));
            var job = await _store.ClaimAsync("r1", Lease, CancellationToken.None);
            await _store.CompleteAsync(job!.Id, "r1", null, CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromDays(8));
        var pruned = await _store.PruneFinishedAsync(_clock.GetUtcNow().AddDays(-7), CancellationToken.None);

        Assert.Equal(2, pruned);
        Assert.Equal("c", Assert.Single(await _store.ListJobsAsync("gh:1", 10, CancellationToken.None)).CommitSha);
    }

    private static JobRequest Push(string repo, string sha, string? before = null, long? order = null) => new()
    {
        RepoKey = repo,
        Kind = JobKind.Reconcile,
        Trigger = JobTriggers.Webhook,
        CommitSha = sha,
        BeforeSha = before,
        Order = order,
    };

    private Task<EnqueueResult> Enqueue(JobRequest request) => _store.EnqueueAsync(request, CancellationToken.None);
}
