using System.Diagnostics.CodeAnalysis;

namespace McpSaas.Schema.Plans;

/// <summary>The manifest spelling of plan tiers (<c>free | pro | enterprise</c>).</summary>
public static class PlanTierNames
{
    public static IReadOnlyList<string> All { get; } = ["free", "pro", "enterprise"];

    public static string ToName(this PlanTier tier) => tier switch
    {
        PlanTier.Free => "free",
        PlanTier.Pro => "pro",
        PlanTier.Enterprise => "enterprise",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown plan tier"),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out PlanTier? tier)
    {
        tier = name switch
        {
            "free" => PlanTier.Free,
            "pro" => PlanTier.Pro,
            "enterprise" => PlanTier.Enterprise,
            _ => null,
        };
        return tier is not null;
    }
}
