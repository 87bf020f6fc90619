namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// One step of a reconcile run (Flux's shape): one job, one signature. A step reads what earlier steps left on the
/// run and adds its own part; an exception stops the run (it is classified and reported), a failure of one server
/// is an outcome, not an exception.
/// </summary>
public interface IReconcileStep
{
    /// <summary><c>source</c>, <c>load</c>, <c>desire</c>, <c>observe</c>, <c>plan</c>, <c>apply</c>, <c>record</c>.</summary>
    string Name { get; }

    Task RunAsync(ReconcileRun run, CancellationToken cancellationToken);
}
