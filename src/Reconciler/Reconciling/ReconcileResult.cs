using McpSaas.Reconciler.Planning;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>One reconcile run of one repository: what was read, the plan, and (when applied) each server's outcome.</summary>
public sealed record ReconcileResult
{
    public required string Revision { get; init; }

    public required IReadOnlyList<ManifestFile> Files { get; init; }

    public required Plan Plan { get; init; }

    public bool Applied { get; init; }

    public IReadOnlyList<ApplyOutcome> Outcomes { get; init; } = [];

    /// <summary>Deploy and delete calls made to the platform (0 for a no-op run).</summary>
    public int PlatformWrites { get; init; }

    public bool Failed => Outcomes.Any(o => !o.Succeeded);
}
