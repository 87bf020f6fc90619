using McpSaas.Reconciler.Jobs;

namespace McpSaas.Webhook.Bench;

/// <summary>Stands in for the reconciler: succeeds at once, so the bench measures the ingress and the queue's writes.</summary>
internal sealed class InstantHandler : IJobHandler
{
    private int _handled;

    public int Handled => Volatile.Read(ref _handled);

    public Task<JobResult> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _handled);
        return Task.FromResult(JobResult.Success());
    }
}
