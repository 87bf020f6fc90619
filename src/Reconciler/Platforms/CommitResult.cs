namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// What a commit made live. Writes listed in <see cref="Failed"/> were rolled back (what served before serves
/// still); every other write of the batch is live.
/// </summary>
public sealed record CommitResult(IReadOnlyDictionary<string, PlatformFailure> Failed)
{
    public static CommitResult AllLive { get; } = new(new Dictionary<string, PlatformFailure>(StringComparer.Ordinal));
}
