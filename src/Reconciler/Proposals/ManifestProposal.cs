namespace McpSaas.Reconciler.Proposals;

/// <summary>
/// One manifest change to propose: the file's new content at <see cref="Path"/>, based on commit <see cref="BaseSha"/>
/// of the default branch, replacing blob <see cref="ExpectedBlobSha"/> (null for a new file: it must not exist); the
/// branch is <see cref="BranchPrefix"/> plus a unique suffix. Title and body say what changes and who asked.
/// </summary>
public sealed record ManifestProposal
{
    public required ProposalTarget Target { get; init; }

    public required string Path { get; init; }

    public required string Content { get; init; }

    public required string BaseSha { get; init; }

    public string? ExpectedBlobSha { get; init; }

    /// <summary>The new branch's name without its unique suffix, e.g. <c>mcpsaas/add-tool-github-to-team</c>.</summary>
    public required string BranchPrefix { get; init; }

    public required string CommitMessage { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }
}
