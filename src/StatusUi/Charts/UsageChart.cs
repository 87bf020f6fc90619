using System.Globalization;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Charts;

/// <summary>
/// The geometry of the server page's 30-day chart, drawn as inline SVG on the server: one column per day, stacked by
/// tool (most used at the bottom); tools past the palette's size share one "other tools" colour. Pure: a function of
/// the usage window.
/// </summary>
public sealed record UsageChart
{
    public const double Width = 720;
    public const double Height = 240;
    public const double Left = 52;
    public const double Right = 8;
    public const double Top = 12;
    public const double Bottom = 28;

    /// <summary>Distinct colours (CSS classes <c>c0</c>…<c>c7</c>); the last one is "other tools" when there are more tools.</summary>
    public const int Palette = 8;

    public const string OtherTools = "other tools";

    public required IReadOnlyList<ChartBar> Bars { get; init; }

    public required IReadOnlyList<ChartTick> ValueTicks { get; init; }

    public required IReadOnlyList<ChartTick> DayTicks { get; init; }

    public required IReadOnlyList<ChartSeries> Legend { get; init; }

    /// <summary>The top of the value axis.</summary>
    public required long Max { get; init; }

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public static UsageChart Build(UsageWindowView usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var colors = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < usage.Tools.Count; i++)
        {
            colors[usage.Tools[i]] = usage.Tools.Count > Palette && i >= Palette - 1 ? Palette - 1 : i;
        }

        var peak = usage.Days.Count == 0 ? 0 : usage.Days.Max(d => d.Calls);
        var step = NiceStep(Math.Max(peak, 1) / 4.0);
        var max = Math.Max(step, (long)Math.Ceiling(Math.Max(peak, 1) / (double)step) * step);
        var slot = PlotWidth / Math.Max(usage.Days.Count, 1);
        var barWidth = Math.Max(1, slot * 0.72);
        var bars = new List<ChartBar>();
        for (var d = 0; d < usage.Days.Count; d++)
        {
            var day = usage.Days[d];
            var x = Left + (d * slot) + ((slot - barWidth) / 2);
            var bottom = Top + PlotHeight;
            // Tools sharing the "other" colour are stacked as one segment.
            foreach (var group in day.ByTool.GroupBy(t => colors.GetValueOrDefault(t.Tool, Palette - 1)).OrderBy(g => g.Key))
            {
                var calls = group.Sum(t => t.Calls);
                if (calls == 0)
                {
                    continue;
                }

                var height = PlotHeight * calls / max;
                bottom -= height;
                var tool = group.Count() == 1 && !(usage.Tools.Count > Palette && group.Key == Palette - 1) ? group.First().Tool : OtherTools;
                bars.Add(new ChartBar(day.Day, tool, calls, Round(x), Round(bottom), Round(barWidth), Round(height), group.Key));
            }
        }

        var valueTicks = new List<ChartTick>();
        for (var v = 0L; v <= max; v += step)
        {
            valueTicks.Add(new ChartTick(Round(Top + PlotHeight - (PlotHeight * v / max)), v.ToString("N0", CultureInfo.InvariantCulture)));
        }

        var dayTicks = new List<ChartTick>();
        for (var d = 0; d < usage.Days.Count; d += 7)
        {
            dayTicks.Add(new ChartTick(Round(Left + (d * slot) + (slot / 2)), usage.Days[d].Day[5..]));
        }

        var legend = usage.ByTool
            .GroupBy(t => colors[t.Tool])
            .OrderBy(g => g.Key)
            .Select(g => new ChartSeries(usage.Tools.Count > Palette && g.Key == Palette - 1 ? OtherTools : g.First().Tool, g.Key, g.Sum(t => t.Calls)))
            .ToList();
        return new UsageChart { Bars = bars, ValueTicks = valueTicks, DayTicks = dayTicks, Legend = legend, Max = max };
    }

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static long NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1))));
        foreach (var factor in new[] { 1, 2, 5, 10 })
        {
            if (factor * power >= rough)
            {
                return Math.Max(1, (long)(factor * power));
            }
        }

        return (long)(10 * power);
    }

    private static double Round(double value) => Math.Round(value, 2);
}
