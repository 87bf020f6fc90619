namespace McpSaas.Reconciler.Platforms;

/// <summary>How a run retries transient platform failures before it gives up on a change (the next run retries again).</summary>
public sealed record PlatformRetryOptions
{
    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Backoff before the second attempt; doubled for each further one (unless the platform says <c>Retry-After</c>).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait a run spends inside itself; a <c>Retry-After</c> beyond it ends the attempt, and the change is
    /// retried by a later run at that time (a run never holds a repository for minutes).
    /// </summary>
    public TimeSpan MaxInRunDelay { get; init; } = TimeSpan.FromSeconds(20);
}
