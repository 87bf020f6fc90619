namespace McpSaas.Reconciler.Proposals;

/// <summary>The pull request opened (its number, page and branch), or why none was (<see cref="Message"/>, in words for the page).</summary>
public sealed record ProposalResult
{
    public required ProposalOutcome Outcome { get; init; }

    public int? Number { get; init; }

    public string? Url { get; init; }

    public string? Branch { get; init; }

    public string? HeadSha { get; init; }

    public string? Message { get; init; }

    public bool Opened => Outcome == ProposalOutcome.Opened;

    public static ProposalResult Refused(ProposalOutcome outcome, string message) => new() { Outcome = outcome, Message = message };
}
