using McpSaas.Reconciler.Planning;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>One reconcile run of one repository: what was read, the plan, and (when applied) each server's outcome.</summary>
public sealed record ReconcileResult
{
    /// <summary>The revision read; empty when the source could not be read.</summary>
    public required string Revision { get; init; }

    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>The plan; empty (no change, nothing stalled) when the run failed before planning (<see cref="Error"/>).</summary>
    public required Plan Plan { get; init; }

    public bool Applied { get; init; }

    public IReadOnlyList<ApplyOutcome> Outcomes { get; init; } = [];

    /// <summary>Deploy, rebind and delete calls made to the platform (0 for a no-op run).</summary>
    public int PlatformWrites { get; init; }

    /// <summary>Why the run failed as a whole (source unreadable, platform unreachable, …); null when it got through.</summary>
    public ReconcileError? Error { get; init; }

    public bool Failed => Error is not null || Outcomes.Any(o => !o.Succeeded);

    /// <summary>When a transient failure (or a deferral) asks for a retry: the earliest time it allows; null when nothing waits.</summary>
    public TimeSpan? RetryAfter =>
        new[] { Error?.Class == ErrorClass.Transient ? Error.RetryAfter ?? TimeSpan.Zero : (TimeSpan?)null }
            .Concat(Outcomes.Where(o => !o.Succeeded && o.Class == ErrorClass.Transient).Select(o => (TimeSpan?)(o.RetryAfter ?? TimeSpan.Zero)))
            .Where(t => t is not null).Min();
}
