using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Rebinding;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Puts a server's current API keys on its deployed Worker at once, by a rebind of <c>MCP_KEY_HASHES</c> (no upload),
/// from what was last applied — not from the source (<see cref="DeployedRebind"/>). So a key created or revoked takes
/// effect independently of the manifest's state (even a broken one), of the source (even an unreachable one) and of
/// every other server. The next reconcile finds the same content hash and does nothing.
/// </summary>
public sealed class KeyRollout(IStateStore store, DeployedRebind rebind)
{
    public async Task<RebindResult> ApplyAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var keys = (await store.ListApiKeysAsync(id, includeRevoked: false, cancellationToken).ConfigureAwait(false))
            .Select(k => new NamedKeyHash(k.Name, k.Hash)).OrderBy(k => k.Name, StringComparer.Ordinal).ToValueArray();
        var keyJson = DesiredStateBuilder.KeyHashesJson(keys);
        return await rebind.ApplyAsync(id, "its keys", summary => summary.WithKeys(keys, keyJson), cancellationToken).ConfigureAwait(false);
    }
}
