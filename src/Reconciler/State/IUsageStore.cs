using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.State;

/// <summary>Usage events (idempotent on event id) and their rollups per server, tool, key, day and month.</summary>
public interface IUsageStore
{
    /// <summary>
    /// Records a validated batch of one server's events in one transaction: events already recorded for that server
    /// (same event id) are skipped, new ones update the daily, monthly and org-monthly rollups and the keys' last use.
    /// </summary>
    Task<UsageIngestStats> RecordUsageAsync(string org, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken);

    /// <summary>Calls over all the org's servers in that month (what the quota counts).</summary>
    Task<long> GetOrgCallsAsync(string org, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>One server's month by tool, key and day; an empty report when there were no calls.</summary>
    Task<UsageReport> GetUsageReportAsync(ServerId id, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>Deletes raw events (not rollups) received before <paramref name="receivedBefore"/>; returns how many. Redeliveries older than that would count again.</summary>
    Task<int> PruneUsageEventsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);
}
