using McpSaas.Reconciler.Identity;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Reporting;

/// <summary>A plan limit a server's manifest runs into, and the upgrade that lifts it.</summary>
/// <param name="Server">The server.</param>
/// <param name="Limit">Which limit: <c>tools per server</c>, <c>premium tools</c>, <c>calls per minute</c>, <c>plan above the org's entitlement</c>, <c>servers per org</c>.</param>
/// <param name="Message">What the validator or the slot check said (never a secret).</param>
/// <param name="Upgrade">The smallest tier that lifts it (null: none does by default: a per-contract override).</param>
/// <param name="OrgUpgrade">The org's entitlement must be raised to <paramref name="Upgrade"/> (an operator's <c>admin plan</c>); otherwise <c>spec.plan</c> is enough.</param>
/// <param name="Code">The diagnostic code (MCP301–MCP304), or null for the servers-per-org slot.</param>
/// <param name="Path">The manifest file.</param>
/// <param name="Line">1-based line of the diagnostic (or of <c>metadata.name</c>).</param>
/// <param name="Column">1-based column, as <paramref name="Line"/>.</param>
public sealed record LimitHit(ServerId Server, string Limit, string Message, PlanTier? Upgrade, bool OrgUpgrade, string? Code, string Path, int Line, int Column);
