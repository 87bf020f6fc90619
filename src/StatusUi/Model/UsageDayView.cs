namespace McpSaas.StatusUi.Model;

/// <summary>One day of the usage window.</summary>
public sealed record UsageDayView
{
    public required string Day { get; init; }

    public required long Calls { get; init; }

    public required long Errors { get; init; }

    /// <summary>Calls per tool that day (tools without calls left out), in the window's tool order.</summary>
    public required IReadOnlyList<ToolCallsView> ByTool { get; init; }
}
