using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using McpSaas.GitHub.Api;
using McpSaas.GitHub.Auth;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Proposals;
using Microsoft.Extensions.Logging;
using Octokit;

namespace McpSaas.GitHub.Proposals;

/// <summary>
/// Dashboard changes as pull requests through the GitHub App: the installation's permissions are read with the App JWT
/// (<c>GET /app/installations/{id}</c>, cached briefly on <see cref="TimeProvider"/>); with <c>contents: write</c> and
/// <c>pull_requests: write</c>, the installation token creates the branch (<c>POST /repos/{o}/{r}/git/refs</c>) at the
/// default branch's head that was read, puts the file (<c>PUT /repos/{o}/{r}/contents/{path}</c>, naming the blob it
/// replaces) and opens the pull request (<c>POST /repos/{o}/{r}/pulls</c>). A 403 from GitHub is
/// <see cref="ProposalOutcome.NotAllowed"/> (the page falls back to GitHub's own pages); a branch made for a proposal that
/// then failed is deleted again.
/// </summary>
internal sealed partial class GitHubManifestProposals(
    IGitHubStore github,
    GitHubClients clients,
    IInstallationTokens tokens,
    TimeProvider timeProvider,
    ILogger<GitHubManifestProposals> logger) : IManifestProposals
{
    /// <summary>How long an installation's permissions are trusted before they are read again.</summary>
    public static readonly TimeSpan PermissionsCacheDuration = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, (DateTimeOffset ReadAt, string? Contents, string? PullRequests)> _permissions = new();

    public async Task<ProposalTarget> TargetAsync(string org, string repo, CancellationToken cancellationToken)
    {
        var repository = (await github.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => !r.Removed && string.Equals(r.Owner, org, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Name, repo, StringComparison.OrdinalIgnoreCase));
        if (repository is null)
        {
            return ProposalTarget.Unavailable(org, repo, $"{org}/{repo} is not a repository the McpSaas GitHub App is installed on");
        }

        var installation = await github.GetInstallationAsync(repository.InstallationId, cancellationToken).ConfigureAwait(false);
        if (installation is not { Status: InstallationStatus.Active })
        {
            return ProposalTarget.Unavailable(org, repo, $"the McpSaas GitHub App's installation on {repository.Owner} is {(installation?.Status == InstallationStatus.Suspended ? "suspended" : "uninstalled")}");
        }

        var target = new ProposalTarget
        {
            Org = repository.Owner,
            Repo = repository.Name,
            RepositoryId = repository.RepositoryId,
            InstallationId = repository.InstallationId,
            DefaultBranch = string.IsNullOrEmpty(repository.DefaultBranch) ? "main" : repository.DefaultBranch,
        };
        try
        {
            var (contents, pulls) = await PermissionsAsync(repository.InstallationId).ConfigureAwait(false);
            if (contents != "write" || pulls != "write")
            {
                return target with
                {
                    WhyNot = $"the McpSaas GitHub App's installation on {repository.Owner} has Contents: {contents ?? "no access"} and Pull requests: {pulls ?? "no access"}; "
                        + "opening pull requests needs Contents: write and Pull requests: write (an owner of the account accepts them in the installation's settings)",
                };
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            Log.PermissionsUnreadable(logger, repository.InstallationId, e.Message);
            return target with { WhyNot = $"GitHub could not tell the McpSaas App's permissions on {repository.Owner} ({Describe(e)})" };
        }

        return target with { CanOpen = true };
    }

    public async Task<RepoFileRead> ReadAsync(ProposalTarget target, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IsPlainPath(path))
        {
            return new RepoFileRead { Error = NotAPlainPath(path) };
        }

        try
        {
            var client = await clients.ForInstallationAsync(target.InstallationId, cancellationToken).ConfigureAwait(false);
            var head = await client.Git.Reference.Get(target.Org, target.Repo, $"heads/{target.DefaultBranch}").ConfigureAwait(false);
            var commit = head.Object.Sha;
            try
            {
                var contents = await client.Repository.Content.GetAllContentsByRef(target.Org, target.Repo, path, commit).ConfigureAwait(false);
                var file = contents.FirstOrDefault(c => c.Type.StringValue == "file" && c.Path == path);
                return file is null
                    ? new RepoFileRead { Error = $"{path} is not a file on {target.DefaultBranch}", CommitSha = commit }
                    : new RepoFileRead { File = new RepoFile(path, file.Content, file.Sha, commit), CommitSha = commit };
            }
            catch (NotFoundException)
            {
                return new RepoFileRead { CommitSha = commit };
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            Forget(target, e);
            Log.ReadFailed(logger, $"{target.Org}/{target.Repo}", path, Describe(e));
            return new RepoFileRead { Error = $"GitHub did not give {path} of {target.Org}/{target.Repo} ({Describe(e)})", NotAllowed = e is ForbiddenException };
        }
    }

    public async Task<ProposalResult> OpenAsync(ManifestProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var target = proposal.Target;
        if (!target.CanOpen)
        {
            return ProposalResult.Refused(ProposalOutcome.NotAllowed, target.WhyNot ?? "McpSaas may not open pull requests there");
        }

        if (!IsPlainPath(proposal.Path))
        {
            return ProposalResult.Refused(ProposalOutcome.Failed, NotAPlainPath(proposal.Path));
        }

        var prefix = BranchPrefix(proposal.BranchPrefix);

        var repository = $"{target.Org}/{target.Repo}";
        string? branch = null;
        GitHubClient? client = null;
        try
        {
            client = await clients.ForInstallationAsync(target.InstallationId, cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; branch is null; attempt++)
            {
                var name = $"{prefix}-{timeProvider.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
                try
                {
                    await client.Git.Reference.Create(target.Org, target.Repo, new NewReference($"refs/heads/{name}", proposal.BaseSha)).ConfigureAwait(false);
                    branch = name;
                }
                catch (ApiValidationException) when (attempt < 2)
                {
                    // "Reference already exists": another name
                }
            }

            var put = proposal.ExpectedBlobSha is null
                ? await client.Repository.Content.CreateFile(target.Org, target.Repo, proposal.Path, new CreateFileRequest(proposal.CommitMessage, proposal.Content, branch)).ConfigureAwait(false)
                : await client.Repository.Content.UpdateFile(target.Org, target.Repo, proposal.Path, new UpdateFileRequest(proposal.CommitMessage, proposal.Content, proposal.ExpectedBlobSha, branch)).ConfigureAwait(false);
            var pull = await client.PullRequest.Create(target.Org, target.Repo, new NewPullRequest(proposal.Title, branch, target.DefaultBranch) { Body = proposal.Body })
                .ConfigureAwait(false);
            Log.Opened(logger, repository, pull.Number, branch);
            return new ProposalResult
            {
                Outcome = ProposalOutcome.Opened,
                Number = pull.Number,
                Url = pull.HtmlUrl,
                Branch = branch,
                HeadSha = pull.Head?.Sha ?? put.Commit.Sha,
            };
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            Forget(target, e);
            Log.OpenFailed(logger, repository, Describe(e));
            if (branch is not null && client is not null)
            {
                try
                {
                    await client.Git.Reference.Delete(target.Org, target.Repo, $"heads/{branch}").ConfigureAwait(false);
                }
                catch (Exception cleanup) when (cleanup is ApiException or HttpRequestException or TaskCanceledException)
                {
                    Log.BranchLeft(logger, repository, branch, cleanup.Message);
                }
            }

            return e switch
            {
                ForbiddenException when !IsRateLimit(e) => ProposalResult.Refused(ProposalOutcome.NotAllowed,
                    $"GitHub refused the McpSaas App ({Describe(e)}): it needs Contents: write and Pull requests: write on {repository}"),
                ApiException { StatusCode: System.Net.HttpStatusCode.Conflict } => ProposalResult.Refused(ProposalOutcome.Conflict,
                    $"{proposal.Path} changed on {target.DefaultBranch} meanwhile: load the page again to start from what is there now"),
                ApiValidationException when proposal.ExpectedBlobSha is null => ProposalResult.Refused(ProposalOutcome.Conflict,
                    $"GitHub refused to create {proposal.Path} ({Describe(e)}): a file may exist there already"),
                _ => ProposalResult.Refused(ProposalOutcome.Failed, $"GitHub did not open the pull request ({Describe(e)}); nothing was changed: try again"),
            };
        }
    }

    /// <summary>
    /// A file path of the repository as the contents API takes it, and nothing else: '/'-separated names, none empty,
    /// <c>.</c> or <c>..</c>, without '\\', '?', '#', '%' or a control character (any of them could make the request
    /// address another endpoint with the App's token).
    /// </summary>
    internal static bool IsPlainPath(string? path) =>
        path is { Length: > 0 and <= 1000 }
        && path.Split('/').All(part => part.Length > 0 && part is not "." and not "..")
        && !path.Any(c => char.IsControl(c) || c is '\\' or '?' or '#' or '%');

    private static string NotAPlainPath(string? path) =>
        $"'{new string([.. (path ?? "").Select(c => char.IsControl(c) ? '?' : c)])}' is not a path McpSaas changes (a relative path of the repository without '.', '..', '\\', '?', '#' or '%'): edit it on GitHub";

    /// <summary>
    /// The branch prefix as git and GitHub take it whatever the names in it (a removed tool's alias comes from the
    /// manifest's text): each '/'-separated part lowercased, anything but <c>[a-z0-9-]</c> made '-', at most 100 characters.
    /// </summary>
    internal static string BranchPrefix(string prefix)
    {
        var parts = prefix.ToLowerInvariant().Split('/')
            .Select(part => NotBranchSafe().Replace(part, "-").Trim('-'))
            .Where(part => part.Length > 0);
        var branch = string.Join('/', parts);
        branch = branch.Length > 100 ? branch[..100].TrimEnd('-', '/') : branch;
        return branch.Length == 0 ? "mcpsaas/change" : branch;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[^a-z0-9]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NotBranchSafe();

    private async Task<(string? Contents, string? PullRequests)> PermissionsAsync(long installationId)
    {
        var now = timeProvider.GetUtcNow();
        if (_permissions.TryGetValue(installationId, out var cached) && now - cached.ReadAt < PermissionsCacheDuration)
        {
            return (cached.Contents, cached.PullRequests);
        }

        var installation = await clients.ForApp().GitHubApps.GetInstallationForCurrent(installationId).ConfigureAwait(false);
        var permissions = installation.Permissions;
        var read = (now, permissions?.Contents?.StringValue, permissions?.PullRequests?.StringValue);
        _permissions[installationId] = read;
        return (read.Item2, read.Item3);
    }

    /// <summary>A refused token is minted again next time; a refusal forgets the permissions read (they may have changed).</summary>
    private void Forget(ProposalTarget target, Exception e)
    {
        if (e is AuthorizationException)
        {
            tokens.Invalidate(target.InstallationId);
        }

        if (e is ForbiddenException or AuthorizationException)
        {
            _permissions.TryRemove(target.InstallationId, out _);
        }
    }

    private static bool IsRateLimit(Exception e) => e is RateLimitExceededException or SecondaryRateLimitExceededException
        || (e is ApiException api && (api.ApiError?.Message ?? api.Message).Contains("rate limit", StringComparison.OrdinalIgnoreCase));

    private static string Describe(Exception e) => e switch
    {
        ApiException api => string.Create(CultureInfo.InvariantCulture, $"{(int)api.StatusCode}: {api.ApiError?.Message ?? api.Message}"),
        _ => $"not reachable: {e.Message}",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Opened pull request #{Number} on {Repository} from branch {Branch}")]
        public static partial void Opened(ILogger logger, string repository, int number, string branch);

        [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Could not open a pull request on {Repository}: {Reason}")]
        public static partial void OpenFailed(ILogger logger, string repository, string reason);

        [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Could not read {Path} of {Repository}: {Reason}")]
        public static partial void ReadFailed(ILogger logger, string repository, string path, string reason);

        [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Could not read the permissions of installation {InstallationId}: {Reason}")]
        public static partial void PermissionsUnreadable(ILogger logger, long installationId, string reason);

        [LoggerMessage(EventId = 3505, Level = LogLevel.Warning, Message = "Left branch {Branch} on {Repository} after a failed proposal: {Reason}")]
        public static partial void BranchLeft(ILogger logger, string repository, string branch, string reason);
    }
}
