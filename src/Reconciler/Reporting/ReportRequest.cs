namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// A report to post, as a reporter hands it to the outbox: its key (one pending item per key: a newer report for the
/// same key replaces the older one's payload), its kind, the repository (by GitHub id: names are looked up when it
/// is posted, so a rename in between changes nothing) and what to post, as JSON the poster reads. Never a secret.
/// </summary>
/// <param name="Key">Identity of what is reported: <c>check:&lt;repository&gt;:&lt;sha&gt;</c>, <c>status:…</c>, <c>comment:…</c>.</param>
/// <param name="Kind">The poster's word for it (<c>check-run</c>, <c>status</c>, <c>comment</c>).</param>
/// <param name="RepositoryId">The GitHub repository id.</param>
/// <param name="PayloadJson">What to post.</param>
public sealed record ReportRequest(string Key, string Kind, long RepositoryId, string PayloadJson);
