using System.Text.RegularExpressions;

namespace McpSaas.StatusUi.Builder;

/// <summary>What the builder's non-manifest fields (repository, branch, path) and the names pages take must look like.</summary>
public static partial class BuilderRules
{
    /// <summary>A server name (manifest-v1: 1–40 chars, [a-z0-9-], starts with a letter, no trailing '-').</summary>
    public static bool IsServerName(string? name) => name is not null && ServerName().IsMatch(name);

    /// <summary>A GitHub repository as <c>owner/name</c>.</summary>
    public static bool IsGitHubRepo(string? text) => text is not null && GitHubRepo().IsMatch(text) && !text.Contains("..", StringComparison.Ordinal);

    /// <summary>A branch name (a conservative subset of git's rules).</summary>
    public static bool IsBranch(string? text) =>
        text is { Length: > 0 and <= 100 } && Branch().IsMatch(text) && !text.Contains("..", StringComparison.Ordinal)
        && !text.Contains("//", StringComparison.Ordinal) && !text.EndsWith('/') && !text.EndsWith(".lock", StringComparison.Ordinal);

    /// <summary>A manifest path in a repository: relative, no <c>..</c>, no hidden folder, named <c>mcp.yaml</c> or <c>mcp.yml</c>.</summary>
    public static bool IsManifestPath(string? text) =>
        text is { Length: > 0 and <= 200 } && ManifestPath().IsMatch(text)
        && text.Split('/').All(part => part.Length > 0 && !part.StartsWith('.'));

    /// <summary>A repository name as McpSaas uses it in server ids (letters, digits, '.', '_', '-').</summary>
    public static bool IsRepoName(string? text) => text is { Length: > 0 and <= 100 } && RepoName().IsMatch(text) && text is not "." and not "..";

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerName();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubRepo();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Branch();

    [GeneratedRegex("^(?:[A-Za-z0-9._-]+/)*mcp\\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoName();
}
