namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// Tells people what a run did (architecture.md's <c>IStatusReporter</c>): GitHub check runs, commit statuses and the
/// plan comment; the console. Called once at the end of every run, plan-only runs and failed runs included. A
/// reporter's failure is logged and never fails, blocks or undoes the run; reporters must be idempotent.
/// </summary>
public interface IReconcileReporter
{
    Task ReportAsync(ReconcileRequest request, ReconcileResult result, CancellationToken cancellationToken);
}
