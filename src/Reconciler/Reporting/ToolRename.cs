namespace McpSaas.Reconciler.Reporting;

/// <summary>The same MCP tool under a new exposed name (an <c>as:</c> alias added, changed or removed): clients lose <see cref="From"/> and gain <see cref="To"/>.</summary>
public sealed record ToolRename(ExposedTool From, ExposedTool To);
