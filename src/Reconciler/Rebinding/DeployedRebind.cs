using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Rebinding;

/// <summary>
/// Changes json bindings of a server's deployed Worker in place (a rebind, no upload) from what was last applied —
/// not from the source: so the change takes effect independently of the manifest's state (even a broken one), of
/// the source (even an unreachable one, as for a suspended GitHub installation) and of every other server. The new
/// summary (hashes recomputed) is recorded, so the next reconcile compares against what is live.
/// Used for API keys (<see cref="Keys.KeyRollout"/>) and for suspending servers (<see cref="ServerSuspension"/>).
/// </summary>
public sealed partial class DeployedRebind(IStateStore store, IWorkerPlatform platform, ILogger<DeployedRebind>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <param name="id">The server.</param>
    /// <param name="what">For people and logs: <c>its keys</c>, <c>suspension</c>.</param>
    /// <param name="change">The summary after the change (json bindings replaced through <see cref="DeploymentSummary.WithJson"/>); null when the record is too old.</param>
    public async Task<RebindResult> ApplyAsync(ServerId id, string what, Func<DeploymentSummary, DeploymentSummary?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(change);
        var entry = (await store.ListInventoryAsync(id.Org, id.Repo, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(i => i.ServerId == id && i.Platform == platform.Name);
        if (entry is null)
        {
            return new RebindResult(RebindStatus.NotDeployed, null, null);
        }

        var summary = entry.SummaryJson is { } json ? DeploymentSummary.FromJson(json) : null;
        var next = summary is null ? null : change(summary);
        if (summary is null || next is null)
        {
            return new RebindResult(RebindStatus.Failed, null,
                $"the record of {id}'s last deploy is too old to change {what} in place: reconcile its repository (apply) to do it");
        }

        if (next.ContentHash == entry.ContentHash)
        {
            return new RebindResult(RebindStatus.AlreadyLive, null, null);
        }

        var deployed = (await platform.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.ScriptName == entry.ScriptName);
        if (deployed?.Ownership is null)
        {
            return new RebindResult(RebindStatus.Failed, null,
                $"the Worker {entry.ScriptName} of {id} is not on the {platform.Name} platform any more: reconcile its repository (apply) to deploy it again");
        }

        var changed = JsonBindings(next).Where(b => !JsonBindings(summary).Contains(b)).ToValueArray();
        try
        {
            var rebind = new WorkerRebind(entry.ScriptName, deployed.Ownership with { ContentHash = next.ContentHash }, changed, []);
            var receipt = await platform.RebindAsync(rebind, cancellationToken).ConfigureAwait(false);
            var commit = await platform.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (commit.Failed.TryGetValue(entry.ScriptName, out var failure))
            {
                return new RebindResult(RebindStatus.Failed, null, failure.Message);
            }

            var server = await store.GetServerAsync(id, cancellationToken).ConfigureAwait(false);
            var planned = new Change
            {
                Id = id,
                ScriptName = entry.ScriptName,
                Action = ChangeAction.UpdateSecrets,
                Reasons = SummaryDiff.Between(summary, next).Reasons.ToValueArray(),
            };
            var plan = new Plan
            {
                Repo = $"{id.Org}/{id.Repo}",
                Revision = server?.LastAppliedRevision ?? "",
                Changes = ValueArray.Create(planned),
                Stalled = ValueArray<StalledServer>.Empty,
            };
            await store.RecordDeploymentAsync(new DeploymentRecord
            {
                ServerId = id,
                Action = DeployAction.Rebind,
                Platform = platform.Name,
                ScriptName = entry.ScriptName,
                ContentHash = next.ContentHash,
                Revision = server?.LastAppliedRevision,
                EndpointUrl = receipt.Endpoint,
                SummaryJson = next.ToJson(),
                Etag = receipt.Etag,
                ModifiedOn = receipt.ModifiedOn,
                VersionId = receipt.VersionId,
                PlanText = ServerPlanText.For(plan, planned),
            }, cancellationToken).ConfigureAwait(false);
            Log.Live(_logger, id.ToString(), what);
            return new RebindResult(RebindStatus.Live, receipt.Endpoint, null);
        }
        catch (PlatformException e)
        {
            Log.Failed(_logger, id.ToString(), what, e.Message);
            return new RebindResult(RebindStatus.Failed, null, e.Message);
        }
    }

    /// <summary>The json bindings of a summary's binding lines (<c>json NAME {…}</c>).</summary>
    private static IEnumerable<JsonBinding> JsonBindings(DeploymentSummary summary) =>
        (summary.Bindings ?? ValueArray<string>.Empty)
            .Where(line => line.StartsWith("json ", StringComparison.Ordinal))
            .Select(line =>
            {
                var name = DeploymentHash.BindingName(line);
                return new JsonBinding(name, line[("json ".Length + name.Length + 1)..]);
            });

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{What} of {ServerId}: live on its Worker")]
        public static partial void Live(ILogger logger, string serverId, string what);

        [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Changing {What} of {ServerId} in place failed: {Error}")]
        public static partial void Failed(ILogger logger, string serverId, string what, string error);
    }
}
