namespace McpSaas.Reconciler.Usage;

/// <summary>One server's calls in one month (refused ones included in <see cref="Calls"/> and <see cref="Errors"/>).</summary>
public sealed record ServerMonthCalls(ServerId ServerId, long Calls, long Errors, long Refused);
