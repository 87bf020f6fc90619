namespace McpSaas.Reconciler.Reporting;

/// <summary>The sticky plan comment of one pull request: its id (updated in place) and a hash of the body last posted.</summary>
/// <param name="RepositoryId">The GitHub repository id.</param>
/// <param name="Number">The pull request.</param>
/// <param name="CommentId">GitHub's id of the comment.</param>
/// <param name="BodySha256">SHA-256 (hex) of the body posted: the same body is not posted again.</param>
public sealed record PostedComment(long RepositoryId, int Number, long CommentId, string BodySha256);
