using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.WebhookApi.Jobs;
using McpSaas.WebhookApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.WebhookApi.Tests.Jobs;

/// <summary>The runner in the real host, with a recording handler in place of the reconciler.</summary>
public sealed class JobRunnerTests : IDisposable
{
    private readonly GitOpsAppFactory _app = new();

    public JobRunnerTests()
    {
        _app.Settings["Jobs:Enabled"] = "true";
        _app.Settings["Jobs:MaxConcurrency"] = "2";
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SignedPush_IsHandedToTheHandler_WithTheRepositoryAndInstallation_ThenSucceeds()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push()));

        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().Any(j => j.State == JobState.Succeeded), "the job to succeed");
        var call = Assert.Single(_app.Handler.Calls);
        Assert.Equal((JobKind.Reconcile, "6113728f27ae82c7b1a177c8d03f9e96e0adf246"), (call.Job.Kind, call.Job.CommitSha));
        Assert.Equal(("Codertocat", "Hello-World", "master"), (call.Repository!.Owner, call.Repository.Name, call.Repository.DefaultBranch));
        Assert.Equal((1L, InstallationStatus.Active), (call.Installation!.InstallationId, call.Installation.Status));
    }

    [Fact]
    public async Task Runner_RunsAtMostOneJobPerRepository_AndAtMostMaxConcurrencyInAll()
    {
        var store = _app.Store;
        _app.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var repo in new[] { "gh:1", "gh:2", "gh:3" })
        {
            await store.EnqueueAsync(new JobRequest { RepoKey = repo, Kind = JobKind.Reconcile, CommitSha = "a" }, CancellationToken.None);
            await store.EnqueueAsync(new JobRequest { RepoKey = repo, Kind = JobKind.Plan, PullRequestNumber = 1, CommitSha = "b" }, CancellationToken.None);
        }

        _app.Services.GetRequiredService<JobSignal>().Notify();
        await RecordingJobHandler.Eventually(() => _app.Handler.Calls.Count == 2, "two jobs to start");
        await Task.Delay(300); // give a wrong runner the chance to start a third
        Assert.Equal(2, _app.Handler.Calls.Count);
        Assert.Equal(2, _app.Handler.Calls.Select(c => c.Job.RepoKey).Distinct().Count());

        _app.Handler.Gate.SetResult();
        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().All(j => j.State == JobState.Succeeded), "every job to finish");
        Assert.Equal(6, _app.Handler.Calls.Count);
        Assert.Equal(2, _app.Handler.MaxRunning);
        Assert.Equal(1, _app.Handler.MaxRunningPerRepository);
    }

    [Fact]
    public async Task TransientFailure_IsRetriedWithBackoff_OnTheClock_StalledIsNot()
    {
        var store = _app.Store;
        _app.Handler.Answer = context => context.Job.RepoKey == "gh:stalled"
            ? JobResult.Stalled("manifest repository not readable: check the App's Contents permission")
            : context.Job.Attempts == 1 ? JobResult.Transient("platform answered 503") : JobResult.Success();
        await store.EnqueueAsync(new JobRequest { RepoKey = "gh:flaky", Kind = JobKind.Reconcile }, CancellationToken.None);
        await store.EnqueueAsync(new JobRequest { RepoKey = "gh:stalled", Kind = JobKind.Reconcile }, CancellationToken.None);
        _app.Services.GetRequiredService<JobSignal>().Notify();

        await RecordingJobHandler.Eventually(() => _app.Handler.Calls.Count == 2, "both jobs to run once");
        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().All(j => j.State != JobState.Running), "both results to be recorded");
        var flaky = Assert.Single(await _app.JobsAsync(), j => j.RepoKey == "gh:flaky");
        Assert.Equal((JobState.Pending, "platform answered 503", JobErrorClass.Transient), (flaky.State, flaky.LastError, flaky.ErrorClass));
        var delay = flaky.RunAfter - _app.Clock.GetUtcNow();
        Assert.InRange(delay, TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15)); // base 15 s, jittered to [½, 1]

        _app.Clock.Advance(TimeSpan.FromSeconds(16));
        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().Any(j => j.RepoKey == "gh:flaky" && j.State == JobState.Succeeded), "the retry");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(200);
        Assert.Equal(3, _app.Handler.Calls.Count);
        Assert.Equal(JobState.Stalled, Assert.Single(await _app.JobsAsync(), j => j.RepoKey == "gh:stalled").State);
    }

    [Fact]
    public async Task RepositoryRenamed_RunsTheRenameUnderTheRepositorysLease_WithoutTheHandler()
    {
        using var client = _app.CreateClient();
        using var push = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push()));
        await RecordingJobHandler.Eventually(() => _app.Handler.Calls.Count == 1, "the first reconcile");
        await _app.Store.EnsureServersAsync([Reconciler.Identity.ServerId.Parse("Codertocat/Hello-World/search")], CancellationToken.None);

        using var renamed = await client.SendAsync(GitOpsAppFactory.Delivery("repository", "d-2", Payloads.Read("adapted/repository-renamed.payload.json")));

        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().Any(j => j.Kind == JobKind.Rename && j.State == JobState.Succeeded), "the rename");
        Assert.Equal("Hello-Renamed", (await _app.Store.GetRepositoryAsync(186853002, CancellationToken.None))!.Name);
        Assert.NotNull(await _app.Store.GetServerAsync(Reconciler.Identity.ServerId.Parse("Codertocat/Hello-Renamed/search"), CancellationToken.None));
        Assert.Single(_app.Handler.Calls);
    }
}
