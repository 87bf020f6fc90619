using McpSaas.Reconciler.Identity;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Desired;

/// <summary>The org a reconcile runs for: its owner tag, entitlement and the servers it already has across every repository.</summary>
public sealed record OrgContext
{
    /// <summary>GitHub account, or <c>local</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Ownership tag written on Workers: <c>local</c> or <c>gh:&lt;installation id&gt;</c>.</summary>
    public required string Owner { get; init; }

    public long? InstallationId { get; init; }

    /// <summary>The org's entitlement (tier and limits; enterprise by default for <c>local</c>).</summary>
    public required PlanLimits Entitlement { get; init; }

    /// <summary>Every server of the org McpSaas knows (all repositories), for the servers-per-org slots.</summary>
    public ValueArray<OrgServer> KnownServers { get; init; } = ValueArray<OrgServer>.Empty;
}

/// <summary>A server of the org as the state store knows it: when first seen and whether it is deployed.</summary>
public sealed record OrgServer(ServerId Id, DateTimeOffset FirstSeen, bool Deployed);
