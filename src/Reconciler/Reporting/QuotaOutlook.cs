using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Reporting;

/// <summary>The org's calls this month against its monthly quota, and when they run out at this month's rate.</summary>
/// <param name="Org">The org.</param>
/// <param name="Tier">Its entitlement.</param>
/// <param name="Month">The month (UTC).</param>
/// <param name="Used">Calls served this month over all the org's servers.</param>
/// <param name="Limit">The quota; null: unlimited.</param>
/// <param name="RunsOutOn">The day (UTC) the quota runs out at this month's average rate, when that is within the month; null otherwise.</param>
public sealed record QuotaOutlook(string Org, PlanTier Tier, UsageMonth Month, long Used, long? Limit, DateOnly? RunsOutOn)
{
    /// <summary>The quota is used up: calls are refused until the next month or an upgrade.</summary>
    public bool Reached => Limit is { } limit && Used >= limit;
}
