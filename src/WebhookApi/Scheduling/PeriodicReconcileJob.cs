using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.WebhookApi.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>
/// The Quartz job behind the periodic reconcile. It only enqueues (SQLite has one writer: the reconcile itself runs in
/// the job runner): one reconcile per active repository, due at a random point within the jitter, coalescing with any
/// pending webhook job of that repository. A repository whose last run stalled is skipped until its input changes.
/// Then it deletes finished jobs and delivery ids older than <see cref="SchedulingOptions.Retention"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class PeriodicReconcileJob : IJob
{
    public static readonly JobKey Key = new("periodic-reconcile", "mcpsaas");

    private readonly IGitHubStore _github;
    private readonly IJobQueue _queue;
    private readonly IWebhookInbox _inbox;
    private readonly JobSignal _signal;
    private readonly TimeProvider _time;
    private readonly SchedulingOptions _options;
    private readonly ILogger<PeriodicReconcileJob> _logger;

    public PeriodicReconcileJob(
        IGitHubStore github, IJobQueue queue, IWebhookInbox inbox, JobSignal signal, TimeProvider timeProvider, IOptions<SchedulingOptions> options, ILogger<PeriodicReconcileJob> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _github = github;
        _queue = queue;
        _inbox = inbox;
        _signal = signal;
        _time = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var repositories = await _github.ListActiveRepositoriesAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        int created = 0, coalesced = 0, skipped = 0;
        foreach (var repository in repositories)
        {
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * _options.Jitter.TotalMilliseconds);
            var result = await _queue.EnqueueAsync(new JobRequest
            {
                RepoKey = repository.RepoKey,
                Kind = JobKind.Reconcile,
                Trigger = JobTriggers.Periodic,
                InstallationId = repository.InstallationId,
                RepositoryId = repository.RepositoryId,
                RunAfter = now + jitter,
            }, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case EnqueueOutcome.Created:
                    created++;
                    break;
                case EnqueueOutcome.Coalesced:
                    coalesced++;
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        _signal.Notify();
        Log.Enqueued(_logger, repositories.Count, created, coalesced, skipped);

        var cutoff = now - _options.Retention;
        var jobs = await _queue.PruneFinishedAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var deliveries = await _inbox.PruneDeliveriesAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (jobs + deliveries > 0)
        {
            Log.Pruned(_logger, jobs, deliveries, cutoff);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3401, Level = LogLevel.Information,
            Message = "Periodic reconcile: {Repositories} repositories, {Created} queued, {Coalesced} merged into pending jobs, {Skipped} skipped (stalled)")]
        public static partial void Enqueued(ILogger logger, int repositories, int created, int coalesced, int skipped);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Retention: deleted {Jobs} finished jobs and {Deliveries} delivery ids from before {Cutoff:O}")]
        public static partial void Pruned(ILogger logger, int jobs, int deliveries, DateTimeOffset cutoff);
    }
}
