using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Catalog;
using Microsoft.Extensions.Options;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Builds a <see cref="RunReport"/>: reads what the pure parts need from the state store (the secret names the
/// repository sees — names only, nothing is decrypted —, the org's entitlement and this month's calls) and computes
/// the tool-surface diff and the plan-tier impact.
/// </summary>
internal sealed class RunReportBuilder(ISecretStore secrets, IStateStore store, TimeProvider timeProvider, IOptions<GitHubReportingOptions> options)
{
    public async Task<RunReport> BuildAsync(ReconcileRequest request, ReconcileResult result, string sha, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var repo = request.Repo;
        var now = timeProvider.GetUtcNow();
        var visible = await secrets.ResolveAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);
        var entitlement = await store.GetEntitlementAsync(repo.Org, cancellationToken).ConfigureAwait(false);
        var calls = await store.GetOrgCallsAsync(repo.Org, UsageMonth.Of(now), cancellationToken).ConfigureAwait(false);
        return new RunReport
        {
            Repo = repo,
            Sha = sha,
            Request = request,
            Result = result,
            Surfaces = ToolSurface.Compute(repo, result, visible.Keys.ToHashSet(StringComparer.Ordinal), ToolCatalog.Default),
            Impact = TierImpact.Compute(repo, result, entitlement, calls, now),
            At = now,
            PublicBaseUrl = options.Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : null,
        };
    }
}
