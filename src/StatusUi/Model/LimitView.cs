namespace McpSaas.StatusUi.Model;

/// <summary>One limit of the plan and what is used of it.</summary>
public sealed record LimitView
{
    /// <summary><c>serversPerOrg</c>, <c>toolsPerServer</c>, <c>callsPerMonth</c>, <c>callsPerMinute</c> or <c>premiumTools</c>.</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    /// <summary>Null: unlimited (for premiumTools: 1 allowed, 0 not).</summary>
    public long? Limit { get; init; }

    /// <summary>What is used (servers, the most tools on one server, calls this month, the busiest minute in 24 h, servers with a premium tool).</summary>
    public required long Used { get; init; }

    /// <summary>Whole percent of the limit; null without a limit.</summary>
    public int? Percent { get; init; }

    /// <summary>Said about it (where it is counted, what happens at the limit).</summary>
    public required string Note { get; init; }
}
