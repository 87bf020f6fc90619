namespace McpSaas.Reconciler.Usage;

/// <summary>Caps on one usage batch (a larger one is refused with 413), and how far in the future an event's time may be.</summary>
public sealed record UsageIngestOptions
{
    public const int DefaultMaxBatchBytes = 512 * 1024;

    public const int DefaultMaxBatchEvents = 1000;

    /// <summary>Largest request body accepted.</summary>
    public int MaxBatchBytes { get; init; } = DefaultMaxBatchBytes;

    /// <summary>Most events in one batch.</summary>
    public int MaxBatchEvents { get; init; } = DefaultMaxBatchEvents;

    /// <summary>An event stamped later than now + this counts at the time it was received (a fast clock cannot move calls into next month).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}
