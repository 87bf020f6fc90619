namespace McpSaas.Cli.Output;

/// <summary>Calls to one tool in <c>usage --json</c>.</summary>
internal sealed record ToolUsageJson(string Tool, long Calls, long Errors);
