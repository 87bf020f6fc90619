namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// Tells people what a run did (architecture.md's <c>IStatusReporter</c>): GitHub check runs, commit statuses and the
/// plan comment; the console. <see cref="StartedAsync"/> once the source is read (the revision is known), then
/// <see cref="ReportAsync"/> once at the end of every run, plan-only runs and failed runs included. A reporter's
/// failure is logged and never fails, blocks or undoes the run; reporters must be idempotent.
/// </summary>
public interface IReconcileReporter
{
    /// <summary>
    /// The run has read its source at <paramref name="revision"/> and goes on (a GitHub check run shows
    /// <c>in_progress</c>). Not called when the source cannot be read. Default: nothing.
    /// </summary>
    Task StartedAsync(ReconcileRequest request, string revision, CancellationToken cancellationToken) => Task.CompletedTask;

    Task ReportAsync(ReconcileRequest request, ReconcileResult result, CancellationToken cancellationToken);
}
