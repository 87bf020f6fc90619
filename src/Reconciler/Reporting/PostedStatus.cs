namespace McpSaas.Reconciler.Reporting;

/// <summary>The last commit status McpSaas posted for one commit and context: an unchanged one is not posted again.</summary>
/// <param name="RepositoryId">The GitHub repository id.</param>
/// <param name="Sha">The commit.</param>
/// <param name="Context">The status context (<c>mcpsaas/&lt;server&gt;</c>, <c>mcpsaas</c>, <c>mcpsaas/drift</c>).</param>
/// <param name="State">The state posted.</param>
/// <param name="Description">The description posted.</param>
/// <param name="TargetUrl">The target URL posted.</param>
/// <param name="Posts">How many statuses were posted for this commit and context (GitHub keeps at most 1,000).</param>
public sealed record PostedStatus(long RepositoryId, string Sha, string Context, string State, string Description, string? TargetUrl, int Posts);
