using System.Text.RegularExpressions;

namespace McpSaas.Cli.Commands;

/// <summary>
/// A configuration value the binder could not convert (<c>Jobs:MaxAttempts=abc</c>) as one line naming the key, its
/// environment variable and what it takes, instead of the binder's exception and stack trace. The value itself is not
/// repeated (it might be a secret put in the wrong key).
/// </summary>
internal static partial class ConfigurationErrors
{
    /// <summary>The message for a conversion failure in <paramref name="exception"/> (or one it aggregates), else null.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : null)
        {
            if (e is InvalidOperationException && ConversionFailure().Match(e.Message) is { Success: true } match)
            {
                var key = match.Groups["key"].Value;
                var variable = "MCPSAAS_" + key.Replace(":", "__", StringComparison.Ordinal);
                return $"{key} ({variable}) is not {What(match.Groups["type"].Value)}: fix it, or unset it for the default (README, \"Configuration keys\")";
            }
        }

        return null;
    }

    private static string What(string type) => type switch
    {
        _ when type.Contains("System.Int", StringComparison.Ordinal) || type.Contains("System.UInt", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("System.TimeSpan", StringComparison.Ordinal) => "a duration (hh:mm:ss, or d.hh:mm:ss)",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("System.Double", StringComparison.Ordinal) || type.Contains("System.Decimal", StringComparison.Ordinal) => "a number",
        _ => $"a valid {type}",
    };

    [GeneratedRegex(@"^Failed to convert configuration value '.*' at '(?<key>[^']+)' to type '(?<type>[^']+)'\.", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailure();
}
