using System.Globalization;

namespace McpSaas.Reconciler.State;

/// <summary>
/// "Since when" for the audit log, as <c>./mcpsaas audit --since</c> and the status UI's audit page take it: a UTC
/// date or time (<c>2026-03-14</c>, <c>2026-03-14T09:30:00Z</c>) or an age (<c>90m</c>, <c>24h</c>, <c>7d</c>).
/// </summary>
public static class AuditSince
{
    /// <summary>The time meant, or null when the text is neither form.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 'm' or 'h' or 'd'
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return now - (text[^1] switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) });
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }
}
