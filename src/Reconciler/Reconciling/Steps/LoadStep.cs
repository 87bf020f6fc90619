using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>Load: every manifest file of the snapshot → validated model and diagnostics, with the org's entitlement (cached by blob id).</summary>
public sealed class LoadStep(IStateStore store, IManifestParser parser) : IReconcileStep
{
    public string Name => "load";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var snapshot = run.Snapshot ?? throw new InvalidOperationException("load runs after source");
        run.Entitlement = await store.GetEntitlementAsync(run.Repo.Org, cancellationToken).ConfigureAwait(false);
        run.LoadOptions = Options(run.Repo, run.Entitlement);
        var options = run.LoadOptions;
        var loaded = snapshot.Files.Select(f => parser.Load(f.BlobId, f.Path, () => snapshot.Read(f), options)).ToList();
        run.Files = parser.CheckSet(loaded);
    }

    /// <summary>
    /// The validator's options for this org: its entitlement caps <c>spec.plan</c>, its overrides size the plans,
    /// and local sources (no GitHub installation) accept any <c>apiBaseUrl</c>.
    /// </summary>
    public static ManifestLoadOptions Options(Desired.RepoContext repo, OrgEntitlement entitlement)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(entitlement);
        return new ManifestLoadOptions
        {
            Entitlement = entitlement.Tier,
            LocalMode = repo.InstallationId is null,
            PlanLimits = entitlement.Overrides == PlanLimitOverrides.None ? ValueArray<PlanLimits>.Empty : ValueArray.Create(entitlement.Limits),
        };
    }
}
