using System.Globalization;

namespace McpSaas.StatusUi.Data;

/// <summary>How pages write numbers, times and revisions (UTC, invariant culture).</summary>
public static class Formats
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never";

    /// <summary>The ISO 8601 form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string MachineTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A commit id to its first 12 characters; other revisions (<c>folder:…</c>) as they are.</summary>
    public static string Revision(string? revision) =>
        revision is null ? "—" : revision.Length == 40 && revision.All(char.IsAsciiHexDigit) ? revision[..12] : revision;

    public static string Percent(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);

    public static string Limit(long? limit) => limit is { } l ? Number(l) : "unlimited";
}
