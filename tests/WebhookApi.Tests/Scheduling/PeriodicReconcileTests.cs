using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Schema.Collections;
using McpSaas.WebhookApi.Tests.TestSupport;

namespace McpSaas.WebhookApi.Tests.Scheduling;

/// <summary>Quartz (persistent SQLite job store) on a short interval, in real time (its scheduler thread waits on the real clock): it only enqueues.</summary>
public sealed class PeriodicReconcileTests : IDisposable
{
    private readonly GitOpsAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Quartz_EnqueuesAReconcileOfEveryActiveRepository_OnSchedule_CoalescingWithPendingWebhookJobs()
    {
        _app.Settings["Scheduling:Enabled"] = "true";
        _app.Settings["Scheduling:ReconcileInterval"] = "00:00:01";
        _app.Settings["Scheduling:Jitter"] = "00:00:00";
        _ = _app.Services; // start the host
        var store = _app.Store;
        await store.RecordDeliveryAsync(new WebhookDelivery { DeliveryId = "d-1", Event = "installation", Action = "created" }, new DeliveryEffect
        {
            Summary = "installed",
            Installation = new InstallationSeen { InstallationId = 7, AccountLogin = "acme", Status = InstallationStatus.Active },
            Repositories = ValueArray.Create(
                new RepositorySeen { RepositoryId = 1, InstallationId = 7, Owner = "acme", Name = "one" },
                new RepositorySeen { RepositoryId = 2, InstallationId = 7, Owner = "acme", Name = "two" },
                new RepositorySeen { RepositoryId = 3, InstallationId = 7, Owner = "acme", Name = "gone", Removed = true }),
            Jobs = ValueArray.Create(new JobRequest { RepoKey = RepoKeys.GitHub(1), Kind = JobKind.Reconcile, RepositoryId = 1, CommitSha = "abc" }),
        }, CancellationToken.None);

        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().Count(j => j.Triggers.HasFlag(JobTriggers.Periodic)) == 2,
            "a periodic job for each active repository");

        var jobs = await _app.JobsAsync();
        Assert.Equal(2, jobs.Count); // repository 1's webhook job took the periodic run; the removed repository got none
        var one = Assert.Single(jobs, j => j.RepoKey == "gh:1");
        Assert.Equal((JobTriggers.Webhook | JobTriggers.Periodic, "abc"), (one.Triggers, one.CommitSha));
        Assert.Equal(JobTriggers.Periodic, Assert.Single(jobs, j => j.RepoKey == "gh:2").Triggers);
        Assert.True(File.Exists(Path.Combine(_app.DataDirectory, "scheduler.db")), "Quartz keeps its triggers in its own SQLite file");

        // Runs finished: the next tick queues both repositories again.
        while (await store.ClaimAsync("test", TimeSpan.FromMinutes(5), CancellationToken.None) is { } job)
        {
            await store.CompleteAsync(job.Id, "test", null, CancellationToken.None);
        }

        await RecordingJobHandler.Eventually(() => _app.JobsAsync().GetAwaiter().GetResult().Count(j => j.State == JobState.Pending) == 2,
            "the next periodic tick");
    }

    [Fact]
    public void Scheduler_WhenDisabled_CreatesNoSchedulerFile()
    {
        _ = _app.Services;

        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "scheduler.db")));
    }
}
