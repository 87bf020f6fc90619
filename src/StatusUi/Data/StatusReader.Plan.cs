using System.Globalization;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Plans;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

public sealed partial class StatusReader
{
    /// <summary>The org's plan: each limit with its usage, the monthly quota's forecast, the upgrade path.</summary>
    public async Task<PlanView> PlanAsync(string org, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entitlement = await store.GetEntitlementAsync(org, cancellationToken);
        var limits = entitlement.Limits;
        var quota = await QuotaAsync(org, cancellationToken);
        var snapshot = await store.GetReconcileSnapshotAsync(org, null, cancellationToken);
        var summaries = Summaries(snapshot.Inventory).Values.ToList();
        var busiest = await store.GetBusiestMinuteAsync(org, now.AddHours(-24), cancellationToken);
        var mostTools = summaries.Count == 0 ? 0 : summaries.Max(s => s.Tools.Count);
        var premium = summaries.Count(s => s.Tools.Any(t => ToolCatalog.Default.TryGet(t.Use, out var tool) && tool.Premium));

        LimitView Limit(string key, string label, long? limit, long used, string note) => new()
        {
            Key = key,
            Label = label,
            Limit = limit,
            Used = used,
            Percent = limit is { } l ? (int)(l == 0 ? 100 : Math.Min(int.MaxValue, used * 100 / l)) : null,
            Note = note,
        };

        var tierName = entitlement.Tier.ToName();
        var list = new List<LimitView>
        {
            Limit("serversPerOrg", "Servers in the org", limits.ServersPerOrg, snapshot.Servers.Count,
                "Counted across every repository; servers past the limit are refused, the earliest seen keep their slots."),
            Limit("toolsPerServer", "Tools per server", limits.ToolsPerServer, mostTools,
                "Used: the most tools on one deployed server. A manifest with more is refused by the validator (MCP301)."),
            Limit("callsPerMonth", "Calls per month", limits.CallsPerMonth, quota.Used,
                $"Over all the org's servers, in {quota.Month} (UTC); at the limit, calls are refused until {quota.ResetsOn}."),
            Limit("callsPerMinute", "Calls per minute per server", limits.CallsPerMinute, busiest?.Calls ?? 0,
                busiest is null
                    ? "Used: the busiest minute of one server in the last 24 hours (no calls). Enforced by each server."
                    : $"Used: the busiest minute of one server in the last 24 hours ({busiest.ServerId} at {Formats.Time(busiest.Minute)}). Enforced by each server."),
            new LimitView
            {
                Key = "premiumTools",
                Label = "Premium tools",
                Limit = limits.PremiumTools ? null : 0,
                Used = premium,
                Percent = null,
                Note = limits.PremiumTools
                    ? $"Allowed on {tierName}. Used by {premium} deployed server(s)."
                    : "Not on this plan: premium tools (such as notion) need plan pro or above.",
            },
        };

        return new PlanView
        {
            Org = org,
            Tier = tierName,
            Overridden = !entitlement.Overrides.IsEmpty,
            Quota = quota,
            Limits = list,
            Forecast = Forecast(quota, now),
            Upgrade = Upgrade(org, entitlement.Tier),
            Tiers = [.. Enum.GetValues<PlanTier>().Select(t => PlanLimits.DefaultFor(t)).Select(l =>
                new TierView(l.Tier.ToName(), l.ServersPerOrg, l.ToolsPerServer, l.CallsPerMonth, l.CallsPerMinute, l.PremiumTools))],
        };
    }

    /// <summary>The day the quota runs out at this month's rate (served calls so far / time elapsed this month).</summary>
    internal static ForecastView Forecast(QuotaView quota, DateTimeOffset now)
    {
        var month = UsageMonth.Of(now);
        var elapsedDays = Math.Max((now - month.Start).TotalDays, 1.0 / 24); // at least an hour: no wild rates on the 1st
        var perDay = quota.Used / elapsedDays;
        var rate = perDay.ToString("N1", CultureInfo.InvariantCulture);
        if (quota.Limit is not { } limit)
        {
            return new ForecastView { CallsPerDay = perDay, Text = $"No monthly limit on this plan ({rate} calls a day this month)." };
        }

        if (quota.Exceeded)
        {
            return new ForecastView
            {
                CallsPerDay = perDay,
                RunsOutOn = Formats.Day(DateOnly.FromDateTime(now.UtcDateTime)),
                Text = $"The quota is used up: calls are refused until {quota.ResetsOn} or a plan upgrade.",
            };
        }

        if (quota.Used == 0)
        {
            return new ForecastView { CallsPerDay = 0, Text = "No calls yet this month: at this rate the quota lasts the month." };
        }

        var runsOut = now.AddDays((limit - quota.Used) / perDay);
        if (runsOut >= month.Next.Start)
        {
            return new ForecastView { CallsPerDay = perDay, Text = $"At this month's rate ({rate} calls a day) the quota lasts the month." };
        }

        var day = Formats.Day(DateOnly.FromDateTime(runsOut.UtcDateTime));
        return new ForecastView
        {
            CallsPerDay = perDay,
            RunsOutOn = day,
            Text = $"At this month's rate ({rate} calls a day) the quota runs out on {day}; calls are refused from then until {quota.ResetsOn} unless the plan is upgraded.",
        };
    }

    private static UpgradeView? Upgrade(string org, PlanTier tier)
    {
        if (tier == PlanTier.Enterprise)
        {
            return null;
        }

        var next = tier + 1;
        var l = PlanLimits.DefaultFor(next);
        var text = next == PlanTier.Enterprise
            ? "Plan enterprise: limits per contract (unlimited by default), premium tools."
            : $"Plan {next.ToName()}: {l.ServersPerOrg} servers, {l.ToolsPerServer} tools per server, {Formats.Limit(l.CallsPerMonth)} calls a month, "
              + $"{l.CallsPerMinute} calls a minute per server, premium tools.";
        return new UpgradeView(next.ToName(), $"{text} An operator of this McpSaas sets it:", $"./mcpsaas admin plan {org} {next.ToName()}");
    }
}
