using System.Text.RegularExpressions;

namespace McpSaas.Cli.Commands;

/// <summary>What the state commands accept as org and repository names (GitHub's characters; <c>local</c> for local sources).</summary>
internal static partial class CliNames
{
    public static bool IsOrg(string? text) => text is not null && NamePattern().IsMatch(text);

    public static bool IsRepo(string? text) => text is not null && NamePattern().IsMatch(text);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
