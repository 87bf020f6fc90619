namespace McpSaas.Reconciler.Proposals;

/// <summary>
/// Manifest changes asked for in the dashboard, proposed as pull requests through the GitHub App (its installation
/// token): a new branch from the default branch's head, the file put with the contents API, a pull request opened.
/// Nothing is deployed until it is merged; the reporting's check run reviews it like any other pull request. Hosts with a
/// GitHub App register one (<c>serve</c>); without one, the dashboard offers GitHub's own "new file" page instead.
/// </summary>
public interface IManifestProposals
{
    /// <summary>Where a change of <paramref name="org"/>/<paramref name="repo"/> would go, and whether McpSaas may open a pull request there (or why not).</summary>
    Task<ProposalTarget> TargetAsync(string org, string repo, CancellationToken cancellationToken);

    /// <summary>A file at the head of the target's default branch (the commit it was read at, for a change based on it).</summary>
    Task<RepoFileRead> ReadAsync(ProposalTarget target, string path, CancellationToken cancellationToken);

    /// <summary>Commits <see cref="ManifestProposal.Content"/> on a new branch and opens the pull request.</summary>
    Task<ProposalResult> OpenAsync(ManifestProposal proposal, CancellationToken cancellationToken);
}
