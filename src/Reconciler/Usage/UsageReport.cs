using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Usage;

/// <summary>One server's calls in one month: totals, per tool, per key and per day (from the rollups).</summary>
public sealed record UsageReport
{
    public required ServerId ServerId { get; init; }

    public required UsageMonth Month { get; init; }

    public required long Calls { get; init; }

    public required long Errors { get; init; }

    /// <summary>Of <see cref="Calls"/> (and of <see cref="Errors"/>), the calls a quota refused (<see cref="UsageErrorKinds"/>).</summary>
    public long Refused { get; init; }

    /// <summary>Sorted by calls, most first, then by tool.</summary>
    public required ValueArray<UsageByTool> ByTool { get; init; }

    /// <summary>Sorted by calls, most first, then by key id; calls without a key have a <c>null</c> key id.</summary>
    public required ValueArray<UsageByKey> ByKey { get; init; }

    /// <summary>Days with calls, in date order.</summary>
    public required ValueArray<UsageByDay> ByDay { get; init; }
}
