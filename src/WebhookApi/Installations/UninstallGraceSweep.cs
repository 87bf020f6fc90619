using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State;
using McpSaas.WebhookApi.Jobs;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Installations;

/// <summary>
/// Every <see cref="InstallationLifecycleOptions.SweepInterval"/>, queues a reconcile job for each repository whose
/// installation was uninstalled (or which was removed from its installation) longer than the grace period ago and
/// which still has Workers: the job handler then deletes them, under the repository's lease like any other run.
/// Runs on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class UninstallGraceSweep(
    IGitHubStore github,
    IJobQueue queue,
    IStateStore servers,
    JobSignal signal,
    TimeProvider time,
    IOptions<InstallationLifecycleOptions> options,
    ILogger<UninstallGraceSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StateStoreException or IOException)
            {
                Log.SweepFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sweep; the number of jobs queued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = time.GetUtcNow() - options.Value.UninstallGrace;
        var installations = (await github.ListInstallationsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.InstallationId);
        var queued = 0;
        foreach (var repository in await github.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var installation = installations.GetValueOrDefault(repository.InstallationId);
            var since = installation?.Status == InstallationStatus.Deleted ? installation.UpdatedAt : repository.Removed ? repository.UpdatedAt : (DateTimeOffset?)null;
            if (since is null || since > expired
                || (await servers.ListInventoryAsync(repository.Owner, repository.Name, cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                continue;
            }

            await queue.EnqueueAsync(new JobRequest
            {
                RepoKey = repository.RepoKey,
                Kind = JobKind.Reconcile,
                Trigger = JobTriggers.Periodic,
                InstallationId = repository.InstallationId,
                RepositoryId = repository.RepositoryId,
            }, cancellationToken).ConfigureAwait(false);
            queued++;
        }

        if (queued > 0)
        {
            Log.Queued(logger, queued);
            signal.Notify();
        }

        return queued;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Uninstall grace passed for {Count} repositories: their Workers are deleted by the queued jobs")]
        public static partial void Queued(ILogger logger, int count);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Uninstall grace sweep failed (next sweep retries): {Error}")]
        public static partial void SweepFailed(ILogger logger, string error);
    }
}
