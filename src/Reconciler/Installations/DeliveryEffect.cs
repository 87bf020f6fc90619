using McpSaas.Reconciler.Jobs;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Installations;

/// <summary>
/// What a delivery changes, recorded together with the delivery id in one transaction: installation and repository
/// records, and the jobs to run. Computed from the payload alone (no I/O), so the ingress answers in milliseconds.
/// </summary>
public sealed record DeliveryEffect
{
    /// <summary>For people and the delivery log: what was understood (<c>push to main → reconcile at 6113728</c>, <c>ignored: …</c>).</summary>
    public required string Summary { get; init; }

    public InstallationSeen? Installation { get; init; }

    public ValueArray<RepositorySeen> Repositories { get; init; } = ValueArray<RepositorySeen>.Empty;

    public ValueArray<JobRequest> Jobs { get; init; } = ValueArray<JobRequest>.Empty;

    /// <summary>Also queue a reconcile of every repository recorded for this installation (suspend, unsuspend, uninstall).</summary>
    public long? ReconcileAllOfInstallation { get; init; }

    public static DeliveryEffect Ignored(string why) => new() { Summary = $"ignored: {why}" };
}
