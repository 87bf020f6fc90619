using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.State;

/// <summary>Orgs' entitlements (the operator's <c>admin plan</c>).</summary>
public interface IEntitlementStore
{
    /// <summary>The org's entitlement, or its default (<see cref="OrgEntitlement.DefaultFor"/>) when nobody set one.</summary>
    Task<OrgEntitlement> GetEntitlementAsync(string org, CancellationToken cancellationToken);

    /// <summary>Sets the tier and replaces the overrides (pass <see cref="PlanLimitOverrides.None"/> for none).</summary>
    Task<OrgEntitlement> SetEntitlementAsync(string org, PlanTier tier, PlanLimitOverrides overrides, CancellationToken cancellationToken);
}
