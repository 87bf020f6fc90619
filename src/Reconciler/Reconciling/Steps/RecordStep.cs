using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// Record: what is live goes into the state store's inventory with the platform's receipt (the next plan compares
/// against it), deletions leave it, and the tick's listing is updated. No-ops whose record is missing or stale (a run
/// killed between deploy and record) are recorded now; a receipt without an etag adopts the listed one.
/// </summary>
public sealed class RecordStep(IStateStore store, IWorkerPlatform platform) : IReconcileStep
{
    public string Name => "record";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var plan = run.Plan ?? throw new InvalidOperationException("record runs after plan");
        var state = run.State ?? throw new InvalidOperationException("record runs after desire");
        foreach (var (change, receipt) in run.Live)
        {
            await store.AppendAuditAsync(new AuditEntry
            {
                Actor = run.Request.Actor,
                Action = change.Action switch
                {
                    ChangeAction.Create => "server.create",
                    ChangeAction.Delete => "server.delete",
                    ChangeAction.UpdateSecrets => "server.rebind",
                    _ => "server.update",
                },
                Org = change.Id.Org,
                Target = change.Id.ToString(),
                Detail = $"{platform.Name} {change.ScriptName} at {run.Revision} ({run.Request.Trigger}): {string.Join("; ", change.Reasons.Select(r => r.ToString()))}",
            }, cancellationToken).ConfigureAwait(false);

            if (change.Action == ChangeAction.Delete)
            {
                await store.RecordDeletionAsync(new DeletionRecord
                {
                    ServerId = change.Id,
                    Platform = platform.Name,
                    ScriptName = change.ScriptName,
                    Revision = run.Revision,
                    PlanText = ServerPlanText.For(plan, change),
                }, cancellationToken).ConfigureAwait(false);
                run.Observation?.Deleted(change.ScriptName);
                continue;
            }

            var worker = change.Desired!;
            var endpoint = receipt?.Endpoint ?? platform.Endpoint(worker.Identity, worker.ScriptName).BaseUrl;
            await RecordAsync(worker, ToDeployAction(change.Action), run.Revision, endpoint, receipt, ServerPlanText.For(plan, change), cancellationToken).ConfigureAwait(false);
            run.Observation?.Deployed(new DeployedWorker(worker.ScriptName, worker.Ownership, receipt?.Etag, receipt?.ModifiedOn, endpoint));
        }

        foreach (var change in plan.Changes.Where(c => c.Action == ChangeAction.NoOp && c.Desired is not null))
        {
            var worker = change.Desired!;
            var recorded = state.Inventory.Any(i => i.ScriptName == change.ScriptName && i.ContentHash == worker.ContentHash && i.SummaryJson is not null
                && i.Platform == platform.Name);
            if (!recorded)
            {
                var endpoint = change.Deployed?.Endpoint ?? platform.Endpoint(worker.Identity, worker.ScriptName).BaseUrl;
                var receipt = change.Deployed is { } d ? new DeployReceipt(d.Etag, d.ModifiedOn, null, endpoint) : null;
                await RecordAsync(worker, DeployAction.Update, run.Revision, endpoint, receipt, null, cancellationToken).ConfigureAwait(false);
            }
            else if (change.AdoptEtag is { } etag)
            {
                await store.AdoptEtagAsync(change.Id, change.ScriptName, etag, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task RecordAsync(DesiredWorker worker, DeployAction action, string revision, string endpoint, DeployReceipt? receipt, string? planText, CancellationToken cancellationToken) =>
        store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = worker.Id,
            Action = action,
            Platform = platform.Name,
            ScriptName = worker.ScriptName,
            ContentHash = worker.ContentHash,
            Revision = revision,
            EndpointUrl = endpoint,
            SummaryJson = worker.Summary.ToJson(),
            Etag = receipt?.Etag,
            ModifiedOn = receipt?.ModifiedOn,
            VersionId = receipt?.VersionId,
            PlanText = planText,
        }, cancellationToken);

    internal static DeployAction ToDeployAction(ChangeAction action) => action switch
    {
        ChangeAction.Create => DeployAction.Create,
        ChangeAction.Delete => DeployAction.Delete,
        ChangeAction.UpdateSecrets => DeployAction.Rebind,
        _ => DeployAction.Update,
    };
}
