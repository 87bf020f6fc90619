namespace McpSaas.WebhookApi.Jobs;

/// <summary>Wakes the job runner when work was queued in this process (the runner also polls, for work queued by others).</summary>
public sealed class JobSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task completed by the next <see cref="Notify"/>; take it before looking for work, so no signal is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
