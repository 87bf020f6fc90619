namespace McpSaas.Reconciler.Proposals;

/// <summary>
/// A repository a change may be proposed to: its GitHub ids, names and default branch, and whether McpSaas may open pull
/// requests there (<see cref="CanOpen"/>; else <see cref="WhyNot"/> says why, in words for the page).
/// </summary>
public sealed record ProposalTarget
{
    public required string Org { get; init; }

    public required string Repo { get; init; }

    public long RepositoryId { get; init; }

    public long InstallationId { get; init; }

    /// <summary>The branch pull requests go to (the repository's default branch).</summary>
    public string DefaultBranch { get; init; } = "main";

    public bool CanOpen { get; init; }

    public string? WhyNot { get; init; }

    public static ProposalTarget Unavailable(string org, string repo, string whyNot) => new() { Org = org, Repo = repo, WhyNot = whyNot };
}
