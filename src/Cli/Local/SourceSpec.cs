using McpSaas.Reconciler.Sources;

namespace McpSaas.Cli.Local;

/// <summary>
/// A <c>--source</c> argument: an existing folder (read as it is, working tree included) or a git URL
/// (<c>https://…</c>, <c>ssh://…</c>, <c>git@host:…</c>, <c>file://…</c> or a path ending in <c>.git</c>), read at
/// its default branch or <c>--ref</c>.
/// </summary>
internal static class SourceSpec
{
    public static bool IsGitUrl(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.StartsWith("git@", StringComparison.Ordinal)
        || text.EndsWith(".git", StringComparison.Ordinal);

    /// <summary>The source, or an error saying what to pass instead.</summary>
    public static (IManifestSource? Source, string? Error) Create(string text, string? gitRef, string? repoName, string dataDirectory)
    {
        if (IsGitUrl(text))
        {
            try
            {
                return (new GitSource(text, Path.Combine(dataDirectory, "git"), gitRef, repoName, new EnvironmentGitCredentials()), null);
            }
            catch (SourceException e)
            {
                return (null, e.Message);
            }
        }

        if (!Directory.Exists(text))
        {
            return (null, $"--source '{text}' is neither a folder nor a git URL (https://…, ssh://…, file://…, or a path ending in .git)");
        }

        if (gitRef is not null)
        {
            return (null, $"--ref needs a git source; '{text}' is read as a folder: pass it as file://{Path.GetFullPath(text)} to read a ref");
        }

        return (new FolderSource(text, repoName), null);
    }
}
