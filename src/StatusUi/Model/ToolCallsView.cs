namespace McpSaas.StatusUi.Model;

/// <summary>Calls of one MCP tool.</summary>
public sealed record ToolCallsView(string Tool, long Calls, long Errors);
