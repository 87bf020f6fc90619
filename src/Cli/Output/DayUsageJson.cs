namespace McpSaas.Cli.Output;

/// <summary>Calls on one UTC day (<c>YYYY-MM-DD</c>) in <c>usage --json</c>.</summary>
internal sealed record DayUsageJson(string Day, long Calls, long Errors);
