namespace McpSaas.Reconciler.Usage;

/// <summary>
/// One server's calls on one UTC day (<c>YYYY-MM-DD</c>) through one tool and one key (<see cref="KeyId"/> null: no
/// key): a row of the daily rollup, what the status UI's 30-day chart and tables are drawn from.
/// </summary>
public sealed record UsageDayRow(string Day, string Tool, string? KeyId, long Calls, long Errors, long Refused, long DurationMs);
