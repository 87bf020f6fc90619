using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using McpSaas.StatusUi.Data;

namespace McpSaas.StatusUi.Tests.Data;

public sealed class QuotaAndForecastTests
{
    private static readonly DateTimeOffset MidMonth = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(3999, 0, false)]
    [InlineData(4000, 80, false)]
    [InlineData(4999, 80, false)]
    [InlineData(5000, 100, true)]
    [InlineData(7000, 100, true)]
    public void Quota_Banner_At80And100PercentOfTheFreePlan(long used, int banner, bool exceeded)
    {
        var quota = StatusReader.Quota("acme", OrgEntitlement.DefaultFor("acme"), UsageMonth.Of(MidMonth), used);

        Assert.Equal((banner, exceeded, "2026-04-01"), (quota.Banner, quota.Exceeded, quota.ResetsOn));
    }

    [Fact]
    public void Quota_WithoutALimit_HasNoBanner()
    {
        var quota = StatusReader.Quota("local", OrgEntitlement.DefaultFor("local"), UsageMonth.Of(MidMonth), 1_000_000);

        Assert.Equal((null, null, 0, false), (quota.Limit, quota.Percent, quota.Banner, quota.Exceeded));
    }

    [Fact]
    public void Forecast_TheDayTheQuotaRunsOut_AtThisMonthsRate()
    {
        // 14 days elapsed, 2,800 calls: 200 a day; 2,200 left last 11 days: 2026-03-26.
        var quota = StatusReader.Quota("acme", OrgEntitlement.DefaultFor("acme"), UsageMonth.Of(MidMonth), 2800);

        var forecast = StatusReader.Forecast(quota, MidMonth);

        Assert.Equal(200, forecast.CallsPerDay, 3);
        Assert.Equal("2026-03-26", forecast.RunsOutOn);
        Assert.Contains("runs out on 2026-03-26", forecast.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_ASlowMonth_LastsTheMonth()
    {
        var quota = StatusReader.Quota("acme", OrgEntitlement.DefaultFor("acme"), UsageMonth.Of(MidMonth), 100);

        var forecast = StatusReader.Forecast(quota, MidMonth);

        Assert.Null(forecast.RunsOutOn);
        Assert.Contains("lasts the month", forecast.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_UsedUp_SaysCallsAreRefusedUntilTheReset()
    {
        var entitlement = new OrgEntitlement { Org = "acme", Tier = PlanTier.Free, Overrides = new PlanLimitOverrides { CallsPerMonth = 10 } };
        var quota = StatusReader.Quota("acme", entitlement, UsageMonth.Of(MidMonth), 10);

        Assert.Contains("refused until 2026-04-01", StatusReader.Forecast(quota, MidMonth).Text, StringComparison.Ordinal);
    }
}
