namespace McpSaas.StatusUi.Model;

/// <summary>
/// What proposing a manifest change from the dashboard gave: the pull request opened (<see cref="Url"/>), or the errors
/// at their fields, or — where McpSaas may not open one — GitHub's own page to do it by hand (<see cref="FallbackUrl"/>)
/// and why (<see cref="FallbackReason"/>).
/// </summary>
public sealed record ProposalView
{
    public bool Opened { get; init; }

    public int? Number { get; init; }

    public string? Url { get; init; }

    public string? Branch { get; init; }

    public string? Message { get; init; }

    public string? FallbackUrl { get; init; }

    public string? FallbackReason { get; init; }

    public IReadOnlyList<FieldErrorView> Errors { get; init; } = [];
}
