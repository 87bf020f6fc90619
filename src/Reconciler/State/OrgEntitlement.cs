using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.State;

/// <summary>
/// An org's entitlement: the tier the operator set, optional per-contract overrides, and the effective limits.
/// An org nobody set is on <see cref="DefaultTierFor"/>: <c>enterprise</c> for <c>local</c>, <c>free</c> otherwise.
/// </summary>
public sealed record OrgEntitlement
{
    /// <summary>The org of folders and git URLs given on the command line (architecture.md).</summary>
    public const string LocalOrg = "local";

    public required string Org { get; init; }

    public required PlanTier Tier { get; init; }

    public PlanLimitOverrides Overrides { get; init; } = PlanLimitOverrides.None;

    /// <summary>True when nobody set it: the defaults apply.</summary>
    public bool IsDefault { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The tier's defaults with the overrides applied.</summary>
    public PlanLimits Limits => Overrides.ApplyTo(PlanLimits.DefaultFor(Tier));

    public static PlanTier DefaultTierFor(string org) =>
        string.Equals(org, LocalOrg, StringComparison.Ordinal) ? PlanTier.Enterprise : PlanTier.Free;

    public static OrgEntitlement DefaultFor(string org) => new() { Org = org, Tier = DefaultTierFor(org), IsDefault = true };
}
