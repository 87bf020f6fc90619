namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// The durable outbox of reports to GitHub (check runs, commit statuses, the plan comment) and what was posted: a run
/// only writes here (it never waits for GitHub, so GitHub being down never blocks or undoes an apply), and a
/// background poster drains it, retrying failures. Each pending report is keyed, so a newer report of the same thing
/// replaces the older one instead of queueing behind it.
/// </summary>
public interface IReportOutbox
{
    /// <summary>Queues reports in one transaction; a key already pending gets the new payload (its revision bumped, its backoff kept).</summary>
    Task EnqueueReportsAsync(IReadOnlyList<ReportRequest> reports, CancellationToken cancellationToken);

    /// <summary>The first queued due report nobody holds (reports of one run keep their order: a check run before the statuses linking to it), leased to <paramref name="owner"/> for <paramref name="lease"/>; null when none.</summary>
    Task<ReportItem?> ClaimReportAsync(string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Posted: removes the report when its revision is still <paramref name="revision"/> (true); when a newer report
    /// replaced it meanwhile, releases it to be posted again at once (false).
    /// </summary>
    Task<bool> CompleteReportAsync(long id, long revision, CancellationToken cancellationToken);

    /// <summary>Failed for now: released, due again at <paramref name="runAfter"/>.</summary>
    Task RetryReportAsync(long id, DateTimeOffset runAfter, string error, CancellationToken cancellationToken);

    /// <summary>Failed for good (GitHub refused it, or it waited too long): removed unless a newer report replaced it meanwhile.</summary>
    Task DropReportAsync(long id, long revision, CancellationToken cancellationToken);

    /// <summary>The report waiting under <paramref name="key"/>, held or not; null when none.</summary>
    Task<ReportItem?> GetReportAsync(string key, CancellationToken cancellationToken);

    /// <summary>How many reports wait, held or not.</summary>
    Task<int> CountReportsAsync(CancellationToken cancellationToken);

    /// <summary>Reports waiting, held or not.</summary>
    Task<IReadOnlyList<ReportItem>> ListReportsAsync(CancellationToken cancellationToken);

    /// <summary>When the next report nobody holds is due; null when the outbox is empty.</summary>
    Task<DateTimeOffset?> NextReportDueAsync(CancellationToken cancellationToken);

    Task<CheckRunRecord?> GetCheckRunAsync(long repositoryId, string headSha, CancellationToken cancellationToken);

    Task SaveCheckRunAsync(CheckRunRecord record, CancellationToken cancellationToken);

    Task<PostedStatus?> GetPostedStatusAsync(long repositoryId, string sha, string context, CancellationToken cancellationToken);

    /// <summary>Records a status as posted (its <see cref="PostedStatus.Posts"/> as given).</summary>
    Task SavePostedStatusAsync(PostedStatus status, CancellationToken cancellationToken);

    Task<PostedComment?> GetPostedCommentAsync(long repositoryId, int number, CancellationToken cancellationToken);

    Task SavePostedCommentAsync(PostedComment comment, CancellationToken cancellationToken);

    /// <summary>Forgets a comment (it was deleted on GitHub): the next report looks for it by its marker, or posts a new one.</summary>
    Task ForgetPostedCommentAsync(long repositoryId, int number, CancellationToken cancellationToken);

    /// <summary>Forgets check runs, statuses and comments not touched since <paramref name="before"/>; returns how many rows went.</summary>
    Task<int> PruneReportMemoryAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
