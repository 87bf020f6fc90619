using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Rebinding;

/// <summary>
/// Suspends (or resumes) the deployed servers of a repository at once, whatever their manifests say: a rebind of
/// <c>MCP_CONFIG</c> with <c>suspended</c> set, from what was last applied. Used when the source cannot be read — a
/// suspended or uninstalled GitHub App installation, a repository removed from it —: every MCP request then answers
/// "server suspended" (worker-contract.md) and nothing is counted. A later reconcile of the source redeploys what the
/// manifests say (resuming the servers).
/// </summary>
public sealed class ServerSuspension(IStateStore store, DeployedRebind rebind)
{
    /// <summary>Suspends or resumes every deployed server of <c>org/repo</c>; the outcome per server.</summary>
    public async Task<IReadOnlyList<(ServerId Id, RebindResult Result)>> SetAsync(string org, string repo, bool suspended, CancellationToken cancellationToken)
    {
        var results = new List<(ServerId, RebindResult)>();
        var servers = (await store.ListInventoryAsync(org, repo, cancellationToken).ConfigureAwait(false)).Select(i => i.ServerId).Distinct().ToList();
        foreach (var id in servers)
        {
            results.Add((id, await rebind.ApplyAsync(id, suspended ? "its suspension" : "its resumption", s => s.WithSuspended(suspended), cancellationToken).ConfigureAwait(false)));
        }

        return results;
    }
}
