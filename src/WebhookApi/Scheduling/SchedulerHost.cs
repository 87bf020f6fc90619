using McpSaas.GitHub;
using Microsoft.Extensions.Options;
using Quartz;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>
/// Starts the Quartz scheduler with the host when <see cref="SchedulingOptions.Enabled"/> and a GitHub App is configured
/// (read at start, after configuration is complete: the periodic run covers the App's repositories, so without one there
/// is nothing to schedule), and shuts it down waiting for a running enqueue to finish. Otherwise: no scheduler and no
/// scheduler file at all.
/// </summary>
internal sealed class SchedulerHost(
    [FromKeyedServices(SchedulingServiceCollectionExtensions.SchedulerName)] ISchedulerFactory factory,
    IOptions<SchedulingOptions> options,
    IOptions<GitHubAppOptions> github) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || !github.Value.IsConfigured)
        {
            return;
        }

        _scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        await _scheduler.Start(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
