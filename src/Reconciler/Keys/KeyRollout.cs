using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Puts a server's current API keys on its deployed Worker at once, by a rebind of <c>MCP_KEY_HASHES</c> (no upload),
/// from what was last applied — not from the source. So a key created or revoked takes effect independently of the
/// manifest's state (even a broken one), of the source (even an unreachable one) and of every other server. The
/// next reconcile finds the same content hash and does nothing.
/// </summary>
public sealed partial class KeyRollout(IStateStore store, IWorkerPlatform platform, ILogger<KeyRollout>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async Task<KeyRolloutResult> ApplyAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var entry = (await store.ListInventoryAsync(id.Org, id.Repo, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(i => i.ServerId == id && i.Platform == platform.Name);
        if (entry is null)
        {
            return new KeyRolloutResult(KeyRolloutStatus.NotDeployed, null, null);
        }

        var summary = entry.SummaryJson is { } json ? DeploymentSummary.FromJson(json) : null;
        var keys = (await store.ListApiKeysAsync(id, includeRevoked: false, cancellationToken).ConfigureAwait(false))
            .Select(k => new NamedKeyHash(k.Name, k.Hash)).OrderBy(k => k.Name, StringComparer.Ordinal).ToValueArray();
        var keyJson = DesiredStateBuilder.KeyHashesJson(keys);
        var next = summary?.WithKeys(keys, keyJson);
        if (next is null)
        {
            return new KeyRolloutResult(KeyRolloutStatus.Failed, null,
                $"the record of {id}'s last deploy is too old to change its keys in place: reconcile its repository (apply) to put the keys on its Worker");
        }

        if (next.ContentHash == entry.ContentHash)
        {
            return new KeyRolloutResult(KeyRolloutStatus.AlreadyLive, null, null);
        }

        var deployed = (await platform.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.ScriptName == entry.ScriptName);
        if (deployed?.Ownership is null)
        {
            return new KeyRolloutResult(KeyRolloutStatus.Failed, null,
                $"the Worker {entry.ScriptName} of {id} is not on the {platform.Name} platform any more: reconcile its repository (apply) to deploy it again");
        }

        try
        {
            var rebind = new WorkerRebind(
                entry.ScriptName,
                deployed.Ownership with { ContentHash = next.ContentHash },
                ValueArray.Create(new JsonBinding(DeploymentHash.KeyHashesBinding, keyJson)),
                []);
            var receipt = await platform.RebindAsync(rebind, cancellationToken).ConfigureAwait(false);
            var commit = await platform.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (commit.Failed.TryGetValue(entry.ScriptName, out var failure))
            {
                return new KeyRolloutResult(KeyRolloutStatus.Failed, null, failure.Message);
            }

            var server = await store.GetServerAsync(id, cancellationToken).ConfigureAwait(false);
            var (reasons, _, _) = SummaryDiff.Rebind(summary!, next);
            var change = new Change
            {
                Id = id,
                ScriptName = entry.ScriptName,
                Action = ChangeAction.UpdateSecrets,
                Reasons = reasons.ToValueArray(),
                KeysRebound = true,
            };
            var plan = new Plan
            {
                Repo = $"{id.Org}/{id.Repo}",
                Revision = server?.LastAppliedRevision ?? "",
                Changes = ValueArray.Create(change),
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
                PlanText = ServerPlanText.For(plan, change),
            }, cancellationToken).ConfigureAwait(false);
            Log.KeysLive(_logger, id.ToString(), keys.Count);
            return new KeyRolloutResult(KeyRolloutStatus.Live, receipt.Endpoint, null);
        }
        catch (PlatformException e)
        {
            Log.RolloutFailed(_logger, id.ToString(), e.Message);
            return new KeyRolloutResult(KeyRolloutStatus.Failed, null, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Keys of {ServerId} are live on its Worker ({Count} active)")]
        public static partial void KeysLive(ILogger logger, string serverId, int count);

        [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Putting the keys of {ServerId} on its Worker failed: {Error}")]
        public static partial void RolloutFailed(ILogger logger, string serverId, string error);
    }
}
