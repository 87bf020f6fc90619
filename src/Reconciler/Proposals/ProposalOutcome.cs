namespace McpSaas.Reconciler.Proposals;

/// <summary>How proposing a change ended.</summary>
public enum ProposalOutcome
{
    /// <summary>The pull request is open.</summary>
    Opened,

    /// <summary>The App may not write there (no <c>contents: write</c>, or GitHub answered 403): the page falls back to GitHub's own pages.</summary>
    NotAllowed,

    /// <summary>The file changed on the default branch since it was read (or a new file's path is taken): read it again.</summary>
    Conflict,

    /// <summary>GitHub could not be reached or refused the request otherwise.</summary>
    Failed,
}
