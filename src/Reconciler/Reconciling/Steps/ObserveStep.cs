using McpSaas.Reconciler.Platforms;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// Observe: what the platform runs, from the tick's one account-wide listing (listed on first use). A listing this run
/// reused from earlier in the tick may predate a write made outside it (a suspension, a key or secret rebind from the
/// API or another process): when it disagrees with a receipt this repository recorded (a Worker missing, or another
/// etag), it is listed again before the plan believes it, so a stale listing is never taken for drift, nor drift for
/// "already deployed". Real drift costs one more list call.
/// </summary>
public sealed class ObserveStep : IReconcileStep
{
    public string Name => "observe";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var observation = run.Observation ?? throw new InvalidOperationException("the run has no platform observation");
        var listingsBefore = observation.Listings;
        var observed = await observation.GetAsync(cancellationToken).ConfigureAwait(false);
        if (observation.Listings == listingsBefore && Disagrees(run, observation.Platform.Name, observed))
        {
            observation.Invalidate();
            observed = await observation.GetAsync(cancellationToken).ConfigureAwait(false);
        }

        run.Observed = observed;
    }

    private static bool Disagrees(ReconcileRun run, string platform, IReadOnlyList<DeployedWorker> observed)
    {
        if (run.State is not { } state)
        {
            return false;
        }

        var listed = observed.ToDictionary(w => w.ScriptName, StringComparer.Ordinal);
        return state.Inventory.Where(i => i.Platform == platform).Any(i =>
            !listed.TryGetValue(i.ScriptName, out var worker)
            || (i.Etag is { } receipt && worker.Etag is { } etag && receipt != etag));
    }
}
