namespace McpSaas.Reconciler.Keys;

/// <summary>The outcome of a key rollout.</summary>
/// <param name="Status">Whether it is live.</param>
/// <param name="Endpoint">The server's URL, when it changed.</param>
/// <param name="Error">Why it is not live (never a key).</param>
public sealed record KeyRolloutResult(KeyRolloutStatus Status, string? Endpoint, string? Error);
