namespace McpSaas.Reconciler.Usage;

/// <summary>Calls to one tool in a month.</summary>
public sealed record UsageByTool(string Tool, long Calls, long Errors, long TotalDurationMs);
