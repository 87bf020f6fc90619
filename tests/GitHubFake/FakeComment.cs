namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>An issue (pull request) comment: its author as GitHub shows it (<c>Bot</c> for an App's installation token).</summary>
public sealed record FakeComment(long Id, long RepositoryId, int Number, string Body, string Login, string UserType, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Edits);
