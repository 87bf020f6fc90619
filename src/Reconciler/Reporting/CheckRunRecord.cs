using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// The check run McpSaas keeps for one commit of one repository: its id (updated, never created twice) and the
/// annotations already on it (GitHub appends the annotations of every update: each is sent once).
/// </summary>
/// <param name="RepositoryId">The GitHub repository id.</param>
/// <param name="HeadSha">The commit.</param>
/// <param name="CheckRunId">GitHub's id of the check run.</param>
/// <param name="HtmlUrl">Its page, for status target URLs; null when GitHub gave none.</param>
/// <param name="Annotations">Fingerprints of the annotations posted on it.</param>
/// <param name="OutputHash">Hash of the status, conclusion, title and summary last posted (the same is not posted again); null before any.</param>
/// <param name="ConclusionHash">Hash of the status and conclusion last posted (what a periodic look at the same commit compares); null before any.</param>
public sealed record CheckRunRecord(long RepositoryId, string HeadSha, long CheckRunId, string? HtmlUrl, ValueArray<string> Annotations, string? OutputHash = null, string? ConclusionHash = null);
