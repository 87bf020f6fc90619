using McpSaas.Reconciler.Platforms;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>Observe: what the platform runs, from the tick's one account-wide listing (listed on first use).</summary>
public sealed class ObserveStep : IReconcileStep
{
    public string Name => "observe";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var observation = run.Observation ?? throw new InvalidOperationException("the run has no platform observation");
        run.Observed = await observation.GetAsync(cancellationToken).ConfigureAwait(false);
    }
}
