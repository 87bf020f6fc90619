using McpSaas.Reconciler.State;
using McpSaas.WebhookApi.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Usage;

/// <summary>
/// Deletes raw usage events (the table that makes redeliveries count once) received more than
/// <see cref="McpSaasStateOptions.UsageEventRetention"/> ago: at start, then every
/// <see cref="McpSaasStateOptions.UsagePruneInterval"/> on the injected clock. Rollups (what usage and quotas read)
/// are never pruned. A failed run is logged and retried at the next tick.
/// </summary>
internal sealed partial class UsageEventPruner(IStateStore store, TimeProvider timeProvider, IOptions<McpSaasStateOptions> options, ILogger<UsageEventPruner>? logger = null)
    : BackgroundService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.UsagePruneInterval, timeProvider);
        do
        {
            await PruneOnceAsync(settings.UsageEventRetention, stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    internal async Task<int?> PruneOnceAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - retention;
        try
        {
            var pruned = await store.PruneUsageEventsAsync(before, cancellationToken).ConfigureAwait(false);
            Log.Pruned(_logger, pruned, before);
            return pruned;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(_logger, before, e);
            return null;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Pruned {Count} raw usage event(s) received before {Before:o}")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset before);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Pruning raw usage events received before {Before:o} failed; retried at the next tick")]
        public static partial void Failed(ILogger logger, DateTimeOffset before, Exception exception);
    }
}
