using System.Globalization;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reconciling.Steps;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// What a run does to the org's plan: the limits its manifests hit (tools per server, premium tools, calls per minute,
/// a plan above the entitlement — MCP301–MCP304 — and the servers-per-org slots) with the upgrade each needs, and the
/// monthly quota's outlook. Pure: a function of the result, the entitlement, this month's calls and the time.
/// </summary>
public sealed record TierImpact(ValueArray<LimitHit> Hits, QuotaOutlook Quota)
{
    /// <summary>Runs before a projection is trusted: with less of the month gone, one burst says little.</summary>
    public static readonly TimeSpan MinimumElapsed = TimeSpan.FromHours(1);

    public static TierImpact Compute(RepoContext repo, ReconcileResult result, OrgEntitlement entitlement, long callsThisMonth, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(entitlement);
        var options = LoadStep.Options(repo, entitlement);
        var hits = new List<LimitHit>();
        foreach (var file in result.Files)
        {
            foreach (var doc in file.Documents.Where(d => d.Name is not null))
            {
                var id = repo.Identity(doc.Name!).Id;
                foreach (var d in doc.Diagnostics.Where(d => DiagnosticCodes.IsPlanLimit(d.Code)))
                {
                    hits.Add(Hit(id, doc.Written, d, options, entitlement.Tier));
                }
            }
        }

        var slots = result.Plan.Stalled.Where(s => s.Reason == StallReason.PlanLimit).ToList();
        if (slots.Count > 0)
        {
            var limit = entitlement.Limits.ServersPerOrg ?? 0;
            var needed = limit + slots.Count;
            var upgrade = Enum.GetValues<PlanTier>().Where(t => t > entitlement.Tier)
                .FirstOrDefault(t => PlanLimits.DefaultFor(t).ServersPerOrg is not { } max || max >= needed, entitlement.Tier);
            foreach (var stalled in slots)
            {
                var doc = result.Files.Where(f => f.Path == stalled.SourcePath).SelectMany(f => f.Documents).FirstOrDefault(d => d.Name == stalled.Id.Name);
                hits.Add(new LimitHit(stalled.Id, "servers per org", stalled.Message, upgrade == entitlement.Tier ? null : upgrade, OrgUpgrade: true, Code: null,
                    stalled.SourcePath, doc?.NameLine ?? 1, doc?.NameColumn ?? 1));
            }
        }

        return new TierImpact(
            hits.OrderBy(h => h.Server.ToString(), StringComparer.Ordinal).ThenBy(h => h.Line).ThenBy(h => h.Column).ToValueArray(),
            Outlook(entitlement, callsThisMonth, now));
    }

    /// <summary>This month's calls against the quota and, at this month's average rate, the day it runs out (within the month).</summary>
    public static QuotaOutlook Outlook(OrgEntitlement entitlement, long callsThisMonth, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        var month = UsageMonth.Of(now);
        var limit = entitlement.Limits.CallsPerMonth;
        DateOnly? runsOut = null;
        var elapsed = now - month.Start;
        if (limit is { } quota && callsThisMonth > 0 && callsThisMonth < quota && elapsed >= MinimumElapsed)
        {
            var perMs = callsThisMonth / elapsed.TotalMilliseconds;
            var at = now + TimeSpan.FromMilliseconds((quota - callsThisMonth) / perMs);
            if (at < month.Next.Start)
            {
                runsOut = DateOnly.FromDateTime(at.UtcDateTime);
            }
        }

        return new QuotaOutlook(entitlement.Org, entitlement.Tier, month, callsThisMonth, limit, runsOut);
    }

    private static LimitHit Hit(Identity.ServerId id, Schema.Manifests.ServerManifest? written, Diagnostic d, ManifestLoadOptions options, PlanTier entitled)
    {
        var (limit, upgrade, org) = d.Code switch
        {
            DiagnosticCodes.TooManyTools => ("tools per server", written is null ? null : Lowest(written.Plan, options, l => l.ToolsPerServer is not { } max || max >= written.Tools.Count), false),
            DiagnosticCodes.PremiumTool => ("premium tools", written is null ? null : Lowest(written.Plan, options, l => l.PremiumTools), false),
            DiagnosticCodes.RateLimitAbovePlan => ("calls per minute", written?.RateLimitPerMinute is not { } rate ? null : Lowest(written.Plan, options, l => l.CallsPerMinute is not { } max || max >= rate), false),
            _ => ("plan above the org's entitlement", written?.Plan, true),
        };
        return new LimitHit(id, limit, d.Message, upgrade, org || (upgrade is { } u && u > entitled), d.Code, d.Path, d.Line, d.Column);
    }

    private static PlanTier? Lowest(PlanTier from, ManifestLoadOptions options, Func<PlanLimits, bool> enough) =>
        Enum.GetValues<PlanTier>().Where(t => t > from).Select(t => (PlanTier?)t).FirstOrDefault(t => enough(options.LimitsFor(t!.Value)));

    /// <summary>A count in the reports' style: <c>5,000</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
