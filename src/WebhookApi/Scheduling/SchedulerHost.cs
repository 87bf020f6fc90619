using Microsoft.Extensions.Options;
using Quartz;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>
/// Starts the Quartz scheduler with the host when <see cref="SchedulingOptions.Enabled"/> (read at start, after
/// configuration is complete), and shuts it down waiting for a running enqueue to finish. Disabled: no scheduler and
/// no scheduler file at all.
/// </summary>
internal sealed class SchedulerHost(ISchedulerFactory factory, IOptions<SchedulingOptions> options) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
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
