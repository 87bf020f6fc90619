namespace McpSaas.Reconciler.Rebinding;

/// <summary>The outcome of an in-place change of a deployed server.</summary>
/// <param name="Status">Whether it is live.</param>
/// <param name="Endpoint">The server's URL, when it changed.</param>
/// <param name="Error">Why it is not live (never a key or secret).</param>
public sealed record RebindResult(RebindStatus Status, string? Endpoint, string? Error);
