namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// The durable job queue in the state store (SQLite today; the SQL is plain so PostgreSQL can follow).
/// At most one job per <see cref="JobRecord.RepoKey"/> runs at a time; a runner that dies leaves a lease that
/// expires, after which the job is claimable again.
/// </summary>
public interface IJobQueue
{
    /// <summary>
    /// Queues a job, or merges it into the pending job for the same work (<see cref="JobRequest.CoalesceKey"/>): a
    /// webhook run and a periodic run of one repository become one job with the newest commit. A push older than
    /// the newest head seen for that work is <see cref="EnqueueOutcome.Stale"/>.
    /// </summary>
    Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the next due job whose repository has no running job, for <paramref name="lease"/>; first returns jobs
    /// whose lease expired to the queue. Null when nothing is due.
    /// </summary>
    Task<JobRecord?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends a lease; false when the job is no longer this owner's (the lease expired and another took it).</summary>
    Task<bool> RenewLeaseAsync(long jobId, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks a running job succeeded; false when the lease was lost.</summary>
    Task<bool> CompleteAsync(long jobId, string owner, string? resultJson, CancellationToken cancellationToken);

    /// <summary>Records a failure: back to pending at <see cref="JobFailure.RetryAt"/>, or stalled/failed for good when null. False when the lease was lost.</summary>
    Task<bool> FailAsync(long jobId, string owner, JobFailure failure, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Jobs of one repository key (or all when null), newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(string? repoKey, int limit, CancellationToken cancellationToken);

    Task<JobQueueStats> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes finished jobs finished before <paramref name="before"/>, keeping each repository's latest. Returns how many.</summary>
    Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
