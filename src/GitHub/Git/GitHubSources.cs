using System.Globalization;
using McpSaas.GitHub.Auth;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Sources;

namespace McpSaas.GitHub.Git;

/// <summary>
/// Git sources for jobs on GitHub repositories: the clone URL on the configured web host, the installation token
/// minted before the fetch, the default branch (or the pushed commit) for a reconcile, and <c>refs/pull/N/head</c>
/// for a plan (pull requests from forks too: GitHub keeps their heads in the base repository).
/// </summary>
public sealed class GitHubSources
{
    private readonly Uri _webBase;
    private readonly IInstallationTokens _tokens;

    public GitHubSources(GitHubAppOptions options, IInstallationTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _webBase = new Uri(options.WebBaseUrl.TrimEnd('/') + "/");
        _tokens = tokens;
    }

    public static string PullRequestRefSpec(int number) =>
        string.Create(CultureInfo.InvariantCulture, $"+refs/pull/{number}/head:refs/pull/{number}/head");

    /// <summary>The HTTPS clone URL (no credentials) of a repository on the web host.</summary>
    public string CloneUrl(string owner, string name) => new Uri(_webBase, $"{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}.git").ToString();

    /// <summary>A source for <paramref name="job"/> on <paramref name="repository"/>, with a token minted now for its installation.</summary>
    public async Task<GitSource> ForJobAsync(GitHubRepositoryRecord repository, JobRecord job, string gitCacheRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(job);
        var credentials = await InstallationGitCredentials.MintAsync(_tokens, repository.InstallationId, _webBase, cancellationToken).ConfigureAwait(false);
        var url = CloneUrl(repository.Owner, repository.Name);
        return job.Kind switch
        {
            JobKind.Plan when job.PullRequestNumber is { } number =>
                new GitSource(url, gitCacheRoot, job.CommitSha, repository.Name, credentials, [PullRequestRefSpec(number)]),
            JobKind.Reconcile => new GitSource(url, gitCacheRoot, job.CommitSha, repository.Name, credentials),
            _ => throw new ArgumentException($"job {job.Id} ({job.Kind}) reads no git source", nameof(job)),
        };
    }
}
