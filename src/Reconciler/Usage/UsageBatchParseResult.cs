namespace McpSaas.Reconciler.Usage;

/// <summary>A parsed batch, or why not (<see cref="TooLarge"/> when a size cap was exceeded, for 413 rather than 400).</summary>
public sealed record UsageBatchParseResult(UsageBatch? Batch, string? Error, bool TooLarge)
{
    public static UsageBatchParseResult Ok(UsageBatch batch) => new(batch, null, false);

    public static UsageBatchParseResult Bad(string error) => new(null, error, false);

    public static UsageBatchParseResult Oversize(string error) => new(null, error, true);
}
