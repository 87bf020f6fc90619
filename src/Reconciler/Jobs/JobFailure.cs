namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// Why a run failed and when to try again. The caller (the runner) decides the time from the error class:
/// <see cref="RetryAt"/> null means no retry (stalled, or retries exhausted).
/// </summary>
public sealed record JobFailure
{
    public required JobErrorClass ErrorClass { get; init; }

    /// <summary>For people and the reporting; never a secret value.</summary>
    public required string Message { get; init; }

    public DateTimeOffset? RetryAt { get; init; }
}
