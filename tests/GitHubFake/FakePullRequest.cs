namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>A pull request opened through the fake's REST API (<c>POST /repos/{o}/{r}/pulls</c>).</summary>
public sealed record FakePullRequest
{
    public required long Id { get; init; }

    public required long RepositoryId { get; init; }

    public required int Number { get; init; }

    public required string Title { get; init; }

    public string? Body { get; init; }

    /// <summary>The branch it proposes (<c>head</c>), and its commit when opened.</summary>
    public required string Head { get; init; }

    public required string HeadSha { get; init; }

    public required string Base { get; init; }

    /// <summary>Who opened it: the App's bot when opened with an installation token.</summary>
    public required string Author { get; init; }

    public required string State { get; init; }

    public bool Merged { get; init; }

    public required string HtmlUrl { get; init; }
}
