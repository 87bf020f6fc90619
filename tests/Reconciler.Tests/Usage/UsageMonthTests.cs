using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.Tests.Usage;

public sealed class UsageMonthTests
{
    [Theory]
    [InlineData("2026-03", true)]
    [InlineData("2026-12", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-3", false)]
    [InlineData("26-03-01", false)]
    [InlineData("march", false)]
    [InlineData(null, false)]
    public void TryParse_AcceptsOnlyYyyyMm(string? text, bool ok)
    {
        Assert.Equal(ok, UsageMonth.TryParse(text, out var month));
        if (ok)
        {
            Assert.Equal(text, month.ToString());
        }
    }

    [Fact]
    public void Of_UsesUtc_AndNextRollsTheYear()
    {
        var lateNewYearsEveInBerlin = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(1));

        Assert.Equal("2026-12", UsageMonth.Of(lateNewYearsEveInBerlin).ToString());
        Assert.Equal("2027-01", UsageMonth.Of(lateNewYearsEveInBerlin).Next.ToString());
    }
}
