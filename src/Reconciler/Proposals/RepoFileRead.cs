namespace McpSaas.Reconciler.Proposals;

/// <summary>
/// Reading a file for a proposal: the file, or that it does not exist at <see cref="CommitSha"/> (the default branch's
/// head, which a new file is based on), or why it could not be read (<see cref="Error"/>).
/// </summary>
public sealed record RepoFileRead
{
    public RepoFile? File { get; init; }

    /// <summary>The commit the file was looked for at (also when it is missing).</summary>
    public string? CommitSha { get; init; }

    public string? Error { get; init; }

    /// <summary>True when GitHub refused the App (a permission it lacks): the page falls back to GitHub's own pages.</summary>
    public bool NotAllowed { get; init; }

    public bool Missing => File is null && Error is null;
}
