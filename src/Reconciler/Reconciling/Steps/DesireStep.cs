using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// Desire: validated manifests + catalog + entitlement + secret versions + keys → the desired Workers (the builder is
/// pure; this step reads its inputs from the state store in a few queries) and the repository's recorded state.
/// No secret value is read here.
/// </summary>
public sealed class DesireStep(IStateStore store, ISecretStore secrets, DesiredStateBuilder builder, IWorkerPlatform platform) : IReconcileStep
{
    public string Name => "desire";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var repo = run.Repo;
        var entitlement = run.Entitlement ?? throw new InvalidOperationException("desire runs after load");

        // The repository's own servers, inventory and keys in one read; the whole org only when its
        // servers-per-org limit must be decided (unlimited orgs skip it: it is the costly read at scale).
        var repoSnapshot = await store.GetReconcileSnapshotAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);
        var orgSnapshot = entitlement.Limits.ServersPerOrg is null
            ? null
            : await store.GetReconcileSnapshotAsync(repo.Org, null, cancellationToken).ConfigureAwait(false);
        var visibleSecrets = await secrets.ResolveAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);

        var deployedServers = (orgSnapshot ?? repoSnapshot).Inventory.Select(i => i.ServerId.ToString()).ToHashSet(StringComparer.Ordinal);
        var org = new OrgContext
        {
            Name = repo.Org,
            Owner = repo.Owner,
            InstallationId = repo.InstallationId,
            Entitlement = entitlement.Limits,
            KnownServers = (orgSnapshot?.Servers ?? ValueArray<ServerRecord>.Empty)
                .Select(s => new OrgServer(s.Id, s.FirstSeenAt, deployedServers.Contains(s.Id.ToString())))
                .ToValueArray(),
        };

        var repoServers = repoSnapshot.Servers.ToList();
        var keys = new Dictionary<string, IReadOnlyList<NamedKeyHash>>(StringComparer.Ordinal);
        foreach (var server in repoServers.Where(s => repoSnapshot.KeyHashesOf(s.Id).Count > 0))
        {
            var records = await store.ListApiKeysAsync(server.Id, includeRevoked: false, cancellationToken).ConfigureAwait(false);
            keys[server.Id.ToString()] = [.. records.Select(k => new NamedKeyHash(k.Name, k.Hash))];
        }

        await platform.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var inputs = new PreloadedDesireInputs(
            visibleSecrets,
            keys,
            repoServers.ToDictionary(s => s.Id.ToString(), s => s.UsageTokenVersion, StringComparer.Ordinal),
            platform);
        run.Desired = builder.Build(org, repo, run.Files, inputs);

        var applied = new Dictionary<string, AppliedDeployment>(StringComparer.Ordinal);
        foreach (var entry in repoSnapshot.Inventory.Where(i => i.Platform == platform.Name))
        {
            var summary = entry.SummaryJson is { } json ? DeploymentSummary.FromJson(json) : null;
            applied[entry.ScriptName] = new AppliedDeployment(entry.ContentHash, summary, entry.Etag);
        }

        run.State = new RepoState(repoServers.ToDictionary(s => s.Id.ToString(), StringComparer.Ordinal), repoSnapshot.Inventory, applied);
    }
}
