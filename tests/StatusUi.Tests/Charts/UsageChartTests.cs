using McpSaas.StatusUi.Charts;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Tests.Charts;

public sealed class UsageChartTests
{
    [Fact]
    public void Build_StacksToolsPerDay_MostUsedAtTheBottom_EveryCallDrawn()
    {
        var usage = Window(
            ("2026-03-13", [("fetch", 6), ("search", 2)]),
            ("2026-03-14", [("fetch", 1)]));

        var chart = UsageChart.Build(usage);

        Assert.Equal(9, chart.Bars.Sum(b => b.Calls));
        var day = chart.Bars.Where(b => b.Day == "2026-03-13").ToList();
        Assert.Equal(["fetch", "search"], day.Select(b => b.Tool));
        Assert.True(day[0].Y > day[1].Y, "the first tool sits below the second");
        Assert.Equal(day[0].Y, day[1].Y + day[1].Height, 1);
        Assert.Equal(UsageChart.Top + UsageChart.PlotHeight, day[0].Y + day[0].Height, 1);
        Assert.True(chart.Max >= 8);
        Assert.Equal("0", chart.ValueTicks[0].Text);
    }

    [Fact]
    public void Build_ToolsPastThePalette_ShareOneOtherSegment()
    {
        var tools = Enumerable.Range(0, 10).Select(i => ($"tool{i}", (long)(20 - i))).ToArray();
        var chart = UsageChart.Build(Window(("2026-03-14", tools)));

        Assert.Equal(UsageChart.Palette, chart.Bars.Count);
        var other = chart.Bars.Single(b => b.Tool == UsageChart.OtherTools);
        Assert.Equal(13 + 12 + 11, other.Calls);
        Assert.Equal(tools.Sum(t => t.Item2), chart.Bars.Sum(b => b.Calls));
        Assert.Equal(UsageChart.OtherTools, chart.Legend[^1].Tool);
    }

    [Fact]
    public void Build_NoCalls_DrawsNoBar_ButAnAxis()
    {
        var chart = UsageChart.Build(Window(("2026-03-14", [])));

        Assert.Empty(chart.Bars);
        Assert.NotEmpty(chart.ValueTicks);
    }

    private static UsageWindowView Window(params (string Day, (string Tool, long Calls)[] Tools)[] days)
    {
        var totals = days.SelectMany(d => d.Tools).GroupBy(t => t.Tool).Select(g => new ToolCallsView(g.Key, g.Sum(t => t.Calls), 0))
            .OrderByDescending(t => t.Calls).ToList();
        return new UsageWindowView
        {
            From = days[0].Day,
            To = days[^1].Day,
            Days = [.. days.Select(d => new UsageDayView
            {
                Day = d.Day,
                Calls = d.Tools.Sum(t => t.Calls),
                Errors = 0,
                ByTool = [.. d.Tools.OrderBy(t => totals.FindIndex(x => x.Tool == t.Tool)).Select(t => new ToolCallsView(t.Tool, t.Calls, 0))],
            })],
            Tools = [.. totals.Select(t => t.Tool)],
            Calls = totals.Sum(t => t.Calls),
            Errors = 0,
            Refused = 0,
            ErrorRate = 0,
            ByTool = totals,
            ByKey = [],
        };
    }
}
