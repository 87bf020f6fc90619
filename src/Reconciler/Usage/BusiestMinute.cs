namespace McpSaas.Reconciler.Usage;

/// <summary>The minute (UTC, its start) in which one server of an org served the most calls, and how many.</summary>
public sealed record BusiestMinute(ServerId ServerId, DateTimeOffset Minute, long Calls);
