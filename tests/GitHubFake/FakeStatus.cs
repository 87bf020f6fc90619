namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>A commit status as posted.</summary>
public sealed record FakeStatus(long Id, long RepositoryId, string Sha, string State, string? Description, string? TargetUrl, string Context, DateTimeOffset CreatedAt);
