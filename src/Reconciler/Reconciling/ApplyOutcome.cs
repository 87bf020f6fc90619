using McpSaas.Reconciler.Planning;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>What apply did for one server.</summary>
/// <param name="Id">The server.</param>
/// <param name="Action">What was attempted.</param>
/// <param name="Succeeded">Whether it worked.</param>
/// <param name="Endpoint">The server's URL after a create/update.</param>
/// <param name="Error">Why it failed (never a secret value) and what to do.</param>
public sealed record ApplyOutcome(ServerId Id, ChangeAction Action, bool Succeeded, string? Endpoint, string? Error);
