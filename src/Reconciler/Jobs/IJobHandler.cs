namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// The seam between the job runner and the reconciler: the runner claims a job (at most one per repository at a
/// time, with a lease it keeps renewing), calls this, and records the result. Reconcile jobs reconcile and apply the
/// repository's default branch (at <see cref="JobRecord.CommitSha"/> when given); plan jobs only plan the pull
/// request's head (no apply, no secret resolved, no token issued, no server row created). The token is cancelled
/// when the host stops or the lease is lost; a cancelled run is retried.
/// </summary>
public interface IJobHandler
{
    Task<JobResult> HandleAsync(JobContext context, CancellationToken cancellationToken);
}
