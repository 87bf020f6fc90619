namespace McpSaas.GitHub.Reporting;

/// <summary>Wakes the report poster when reports were queued in this process (it also polls, for reports queued by others).</summary>
internal sealed class ReportSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task completed by the next <see cref="Notify"/>; take it before looking for work, so no signal is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
