namespace McpSaas.Reconciler.Proposals;

/// <summary>A host without a GitHub App (<c>up</c>, or <c>serve</c> before the App is configured): no pull request is ever opened; the dashboard links to GitHub's own pages.</summary>
public sealed class NoManifestProposals : IManifestProposals
{
    public const string Reason = "no GitHub App is configured on this McpSaas host";

    public Task<ProposalTarget> TargetAsync(string org, string repo, CancellationToken cancellationToken) =>
        Task.FromResult(ProposalTarget.Unavailable(org, repo, Reason));

    public Task<RepoFileRead> ReadAsync(ProposalTarget target, string path, CancellationToken cancellationToken) =>
        Task.FromResult(new RepoFileRead { Error = Reason, NotAllowed = true });

    public Task<ProposalResult> OpenAsync(ManifestProposal proposal, CancellationToken cancellationToken) =>
        Task.FromResult(ProposalResult.Refused(ProposalOutcome.NotAllowed, Reason));
}
