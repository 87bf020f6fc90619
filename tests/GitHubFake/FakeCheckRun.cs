namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>A check run as the fake holds it: its fields as last set, every annotation sent (GitHub appends them), and how many updates it got.</summary>
public sealed record FakeCheckRun
{
    public required long Id { get; init; }

    /// <summary><c>owner/name</c> of the repository when it was created (the fake keys by repository id underneath).</summary>
    public required long RepositoryId { get; init; }

    public required string Name { get; init; }

    public required string HeadSha { get; init; }

    public required string Status { get; init; }

    public string? Conclusion { get; init; }

    public string? Title { get; init; }

    public string? Summary { get; init; }

    public string? Text { get; init; }

    public string? ExternalId { get; init; }

    public string? DetailsUrl { get; init; }

    public string? StartedAt { get; init; }

    public string? CompletedAt { get; init; }

    public IReadOnlyList<FakeAnnotation> Annotations { get; init; } = [];

    /// <summary>PATCH requests it got.</summary>
    public int Updates { get; init; }

    public required string HtmlUrl { get; init; }
}
