namespace McpSaas.StatusUi.Model;

/// <summary>A tool a deployed server uses, and the MCP tools it exposes to clients.</summary>
public sealed record ToolUseView
{
    /// <summary>The name in the manifest (<c>as:</c>, else the tool id).</summary>
    public required string Alias { get; init; }

    public required string Use { get; init; }

    public required string Title { get; init; }

    public required bool ReadOnly { get; init; }

    public required IReadOnlyList<McpToolView> McpTools { get; init; }
}
