using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace McpSaas.Reconciler.Usage;

/// <summary>A calendar month in UTC, written <c>YYYY-MM</c>: the unit of quotas and of <c>usage --month</c>.</summary>
public readonly record struct UsageMonth
{
    public UsageMonth(int year, int month)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), $"{year:D4}-{month:D2} is not a month");
        }

        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    /// <summary>First instant of the month (UTC).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    public UsageMonth Next => Month == 12 ? new UsageMonth(Year + 1, 1) : new UsageMonth(Year, Month + 1);

    public UsageMonth Previous => Month == 1 ? new UsageMonth(Year - 1, 12) : new UsageMonth(Year, Month - 1);

    public static UsageMonth Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new UsageMonth(utc.Year, utc.Month);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out UsageMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || y < 1 || m is < 1 or > 12)
        {
            return false;
        }

        month = new UsageMonth(y, m);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
