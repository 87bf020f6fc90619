using McpSaas.Reconciler.Jobs;

namespace McpSaas.WebhookApi.Jobs;

/// <summary>
/// The handler until the reconciler is wired to the runner (it registers its own <see cref="IJobHandler"/>): keeps
/// jobs queued (waiting, retried every 5 minutes) instead of pretending they ran.
/// </summary>
internal sealed class UnwiredJobHandler : IJobHandler
{
    public Task<JobResult> HandleAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(JobResult.Waiting(TimeSpan.FromMinutes(5), "no reconciler is wired to the job runner in this build: the job stays queued"));
}
