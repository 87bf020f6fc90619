namespace McpSaas.Reconciler.Usage;

/// <summary>
/// One recorded <c>tools/call</c> as the status UI lists it: when, which tool, which key, the outcome and how long it
/// took. Never arguments or results (the Worker never reports them).
/// </summary>
public sealed record RecentCall(DateTimeOffset Timestamp, string Tool, string? KeyId, bool Ok, string? ErrorKind, long DurationMs);
