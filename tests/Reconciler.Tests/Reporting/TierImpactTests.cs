using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Tests.Reporting;

/// <summary>Plan-tier impact: the limit each change hits and the upgrade it needs; the monthly quota's outlook.</summary>
public sealed class TierImpactTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero); // 10 days into March
    private static readonly RepoContext Repo = new("acme", "tools", 7, 9);

    private static OrgEntitlement Entitled(PlanTier tier) => new() { Org = "acme", Tier = tier };

    private static ReconcileResult Result(PlanTier entitlement, string yaml, params StalledServer[] stalled)
    {
        var file = ManifestLoader.Load("t/mcp.yaml", yaml, new ManifestLoadOptions { Entitlement = entitlement });
        return new ReconcileResult { Revision = "rev", Files = [file], Plan = Plan.Empty(Repo, "rev") with { Stalled = stalled.ToValueArray() } };
    }

    private static string Server(string plan, string tools, string access = "") => $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata: { name: team }
        spec:
          plan: {{plan}}
          tools:
        {{tools}}
        {{access}}
        """;

    private const string ThreeTools = """
            - { use: fetch, with: { allowedHosts: [a.example] } }
            - { use: fetch, as: b, with: { allowedHosts: [b.example] } }
            - { use: fetch, as: c, with: { allowedHosts: [c.example] } }
        """;

    [Theory]
    [InlineData(PlanTier.Free, true)]
    [InlineData(PlanTier.Pro, false)]
    public void TooManyTools_NeedsPlanPro_AndTheOrgUpgraded_WhenItIsOnFree(PlanTier entitlement, bool orgUpgrade)
    {
        var impact = TierImpact.Compute(Repo, Result(entitlement, Server("free", ThreeTools)), Entitled(entitlement), 0, Now);

        var hit = Assert.Single(impact.Hits);
        Assert.Equal((new ServerId("acme", "tools", "team"), "tools per server", "MCP301", PlanTier.Pro, orgUpgrade), (hit.Server, hit.Limit, hit.Code, hit.Upgrade, hit.OrgUpgrade));
        Assert.Equal(("t/mcp.yaml", 9, 7), (hit.Path, hit.Line, hit.Column)); // spec.tools[2], the first tool past the limit
    }

    [Fact]
    public void PremiumTool_NeedsPro_RateAboveThePlan_NeedsTheTierThatAllowsIt_PlanAboveEntitlement_NeedsTheOrgUpgraded()
    {
        var premium = TierImpact.Compute(Repo, Result(PlanTier.Pro, Server("free", "    - { use: notion, secrets: { token: n } }")), Entitled(PlanTier.Pro), 0, Now);
        var rate = TierImpact.Compute(Repo, Result(PlanTier.Enterprise, Server("pro", "    - { use: fetch, with: { allowedHosts: [a.example] } }", "  access: { rateLimitPerMinute: 1000 }")), Entitled(PlanTier.Enterprise), 0, Now);
        var above = TierImpact.Compute(Repo, Result(PlanTier.Free, Server("pro", "    - { use: fetch, with: { allowedHosts: [a.example] } }")), Entitled(PlanTier.Free), 0, Now);

        Assert.Equal(("premium tools", PlanTier.Pro, false), (Assert.Single(premium.Hits).Limit, premium.Hits[0].Upgrade, premium.Hits[0].OrgUpgrade));
        Assert.Equal(("calls per minute", PlanTier.Enterprise, false), (Assert.Single(rate.Hits).Limit, rate.Hits[0].Upgrade, rate.Hits[0].OrgUpgrade));
        Assert.Equal(("plan above the org's entitlement", PlanTier.Pro, true, "MCP304"), (Assert.Single(above.Hits).Limit, above.Hits[0].Upgrade, above.Hits[0].OrgUpgrade, above.Hits[0].Code));
    }

    [Fact]
    public void ServersPerOrgSlot_NeedsTheOrgUpgraded_ToATierWithEnoughServers()
    {
        var stalled = new StalledServer(new ServerId("acme", "tools", "team"), "t/mcp.yaml", StallReason.PlanLimit, "org 'acme' is on plan 'free', which allows 1 server per org, all in use");

        var impact = TierImpact.Compute(Repo, Result(PlanTier.Free, Server("free", "    - { use: fetch, with: { allowedHosts: [a.example] } }"), stalled), Entitled(PlanTier.Free), 0, Now);

        var hit = Assert.Single(impact.Hits);
        Assert.Equal(("servers per org", PlanTier.Pro, true, (string?)null, 3), (hit.Limit, hit.Upgrade, hit.OrgUpgrade, hit.Code, hit.Line));
    }

    [Theory]
    [InlineData(0L, null, false)]
    [InlineData(1_000L, null, false)] // 100 a day: 4,000 more take 40 days
    [InlineData(2_000L, "2026-03-26", false)] // 200 a day: 3,000 more take 15 days
    [InlineData(5_000L, null, true)]
    public void Quota_RunsOutOnTheDayThisMonthsRateReachesIt(long used, string? runsOut, bool reached)
    {
        var quota = TierImpact.Outlook(Entitled(PlanTier.Free), used, Now);

        Assert.Equal((5_000L, used, runsOut, reached), (quota.Limit!.Value, quota.Used, quota.RunsOutOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), quota.Reached));
        Assert.Equal("2026-03", quota.Month.ToString());
    }

    [Fact]
    public void Quota_Unlimited_HasNoDay_AndTheMonthsFirstHourProjectsNothing()
    {
        Assert.Null(TierImpact.Outlook(Entitled(PlanTier.Enterprise), 1_000_000, Now).Limit);
        Assert.Null(TierImpact.Outlook(Entitled(PlanTier.Free), 4_000, new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero)).RunsOutOn);
    }
}
