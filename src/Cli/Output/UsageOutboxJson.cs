namespace McpSaas.Cli.Output;

/// <summary>A server's usage outbox as its runtime reports it: events waiting, drops not reported yet, the backoff.</summary>
internal sealed record UsageOutboxJson(long Pending, long Dropped, int Failures, DateTimeOffset? NextAttemptAt, string? LastError);
