namespace McpSaas.StatusUi.Model;

/// <summary>A server's calls over the last 30 UTC days (today included): per day and tool, per tool, per key.</summary>
public sealed record UsageWindowView
{
    /// <summary>First day, <c>YYYY-MM-DD</c>.</summary>
    public required string From { get; init; }

    /// <summary>Last day (today), <c>YYYY-MM-DD</c>.</summary>
    public required string To { get; init; }

    /// <summary>Every day of the window, oldest first, days without calls included.</summary>
    public required IReadOnlyList<UsageDayView> Days { get; init; }

    /// <summary>Tools with calls in the window, most calls first: the chart's stacking order.</summary>
    public required IReadOnlyList<string> Tools { get; init; }

    public required long Calls { get; init; }

    public required long Errors { get; init; }

    /// <summary>Of <see cref="Calls"/>, those the monthly quota refused.</summary>
    public required long Refused { get; init; }

    /// <summary>Errors / calls (0 without calls).</summary>
    public required double ErrorRate { get; init; }

    public required IReadOnlyList<ToolCallsView> ByTool { get; init; }

    public required IReadOnlyList<KeyCallsView> ByKey { get; init; }
}
