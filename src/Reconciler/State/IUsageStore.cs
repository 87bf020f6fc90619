using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.State;

/// <summary>Usage events (idempotent on event id) and their rollups per server, tool, key, day and month.</summary>
public interface IUsageStore
{
    /// <summary>
    /// Records a validated batch of one server's events in one transaction: events already recorded for that server
    /// (same event id) are skipped, new ones update the daily, monthly and org-monthly rollups and the keys' last use.
    /// Refused calls (<see cref="UsageErrorKinds.IsRefusal"/>) count as calls and refusals of the server, never toward
    /// the org's monthly total (the quota).
    /// </summary>
    Task<UsageIngestStats> RecordUsageAsync(string org, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken);

    /// <summary>Calls served over all the org's servers in that month (what the quota counts; refused calls are not).</summary>
    Task<long> GetOrgCallsAsync(string org, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>One server's month by tool, key and day; an empty report when there were no calls.</summary>
    Task<UsageReport> GetUsageReportAsync(ServerId id, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers an accepted batch: the server's last delivery time, and the drops it reported — once per batch id
    /// (a batch sent again keeps the larger of its counts); a batch without an id adds its drops as they are.
    /// </summary>
    Task RecordDeliveryAsync(UsageDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The server's last delivery and the drops reported in that month (and in all).</summary>
    Task<UsageDeliveryReport> GetDeliveryAsync(ServerId id, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>Deletes raw events (not rollups) received before <paramref name="receivedBefore"/>; returns how many. Redeliveries older than that would count again.</summary>
    Task<int> PruneUsageEventsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// One server's daily rollup rows (per day, tool and key) for the UTC days in [<paramref name="from"/>,
    /// <paramref name="to"/>), ordered by day, tool, key: the status UI's usage series.
    /// </summary>
    Task<IReadOnlyList<UsageDayRow>> ListDailyUsageAsync(ServerId id, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>
    /// The server's newest calls (by call time), at most <paramref name="limit"/>, from the raw events: those pruned after
    /// the raw-event retention are gone, so a server quiet for longer lists none.
    /// </summary>
    Task<IReadOnlyList<RecentCall>> ListRecentCallsAsync(ServerId id, int limit, CancellationToken cancellationToken);

    /// <summary>Calls of every server of the org in that month that had any, ordered by server id.</summary>
    Task<IReadOnlyList<ServerMonthCalls>> ListServerCallsAsync(string org, UsageMonth month, CancellationToken cancellationToken);

    /// <summary>The minute since <paramref name="since"/> in which one of the org's servers served the most calls (from raw events); null when none.</summary>
    Task<BusiestMinute?> GetBusiestMinuteAsync(string org, DateTimeOffset since, CancellationToken cancellationToken);
}
