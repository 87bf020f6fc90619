namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>Source: brings the repository up to date (git fetch, or the folder as it is) and takes a snapshot of its manifest files.</summary>
public sealed class SourceStep : IReconcileStep
{
    public string Name => "source";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Report($"reading {run.Request.Source.Location}");
        run.Snapshot = await run.Request.Source.SnapshotAsync(cancellationToken).ConfigureAwait(false);
    }
}
