namespace McpSaas.StatusUi.Model;

/// <summary>An org's plan: its limits, usage against each, the quota forecast and the way up.</summary>
public sealed record PlanView
{
    public required string Org { get; init; }

    public required string Tier { get; init; }

    /// <summary>The operator set per-contract limits.</summary>
    public required bool Overridden { get; init; }

    public required QuotaView Quota { get; init; }

    public required IReadOnlyList<LimitView> Limits { get; init; }

    public required ForecastView Forecast { get; init; }

    /// <summary>The next tier and how to get it; null on enterprise.</summary>
    public UpgradeView? Upgrade { get; init; }

    /// <summary>Every tier's default limits, for comparison.</summary>
    public required IReadOnlyList<TierView> Tiers { get; init; }
}
