namespace McpSaas.Schema.Plans;

/// <summary>
/// Limits of one plan tier (manifest-v1.md rule 6). <c>null</c> means unlimited
/// (enterprise defaults; an operator may set per-contract values per org).
/// </summary>
public sealed record PlanLimits
{
    public required PlanTier Tier { get; init; }

    /// <summary>Org-wide: servers across every repository of the installation.</summary>
    public int? ServersPerOrg { get; init; }

    /// <summary>Per server: entries under <c>spec.tools</c>.</summary>
    public int? ToolsPerServer { get; init; }

    /// <summary>Org-wide: <c>tools/call</c> requests per calendar month over all the org's servers.</summary>
    public long? CallsPerMonth { get; init; }

    /// <summary>Per server: <c>tools/call</c> requests per minute.</summary>
    public int? CallsPerMinute { get; init; }

    /// <summary>Whether premium catalog tools may be used.</summary>
    public required bool PremiumTools { get; init; }

    public static PlanLimits Free { get; } = new()
    {
        Tier = PlanTier.Free,
        ServersPerOrg = 1,
        ToolsPerServer = 2,
        CallsPerMonth = 5_000,
        CallsPerMinute = 60,
        PremiumTools = false,
    };

    public static PlanLimits Pro { get; } = new()
    {
        Tier = PlanTier.Pro,
        ServersPerOrg = 3,
        ToolsPerServer = 10,
        CallsPerMonth = 100_000,
        CallsPerMinute = 600,
        PremiumTools = true,
    };

    public static PlanLimits Enterprise { get; } = new()
    {
        Tier = PlanTier.Enterprise,
        PremiumTools = true,
    };

    /// <summary>The default limits of a tier (before any operator override).</summary>
    public static PlanLimits DefaultFor(PlanTier tier) => tier switch
    {
        PlanTier.Free => Free,
        PlanTier.Pro => Pro,
        PlanTier.Enterprise => Enterprise,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown plan tier"),
    };
}
