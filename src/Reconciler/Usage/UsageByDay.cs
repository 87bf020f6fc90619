namespace McpSaas.Reconciler.Usage;

/// <summary>Calls on one UTC day (<see cref="Day"/> is <c>YYYY-MM-DD</c>).</summary>
public sealed record UsageByDay(string Day, long Calls, long Errors);
