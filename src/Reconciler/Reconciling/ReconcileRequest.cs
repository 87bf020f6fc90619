using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Sources;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>One run of one repository: what to read, whether to apply, and what the run shares with others of its tick.</summary>
public sealed record ReconcileRequest
{
    public required IManifestSource Source { get; init; }

    public required RepoContext Repo { get; init; }

    /// <summary>Deploy and record; without it the run only plans (pull requests: nothing is changed, no secret is read).</summary>
    public bool Apply { get; init; }

    /// <summary>The tick's account-wide listing (shared by every repository of the tick); null = one of its own.</summary>
    public PlatformObservation? Observation { get; init; }

    /// <summary>Progress of long steps, for people.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// Sees the plan before anything is deployed and may change state the Desire step reads (<c>up</c> creates a new
    /// server's <c>default</c> key there, so its first deploy binds it). When it returns true the plan is computed
    /// again from the same snapshot: no second fetch nor parse.
    /// </summary>
    public Func<Plan, CancellationToken, Task<bool>>? BeforeApply { get; init; }

    /// <summary>What started the run, for reporters and logs: <c>cli</c>, <c>webhook:&lt;delivery&gt;</c>, <c>schedule</c>, …</summary>
    public string Trigger { get; init; } = "cli";

    /// <summary>Who the audit log names for what the run changes: <c>cli:&lt;user&gt;</c>, <c>github:&lt;sender&gt;</c>, <c>mcpsaas:schedule</c>, …</summary>
    public string Actor { get; init; } = "mcpsaas";

    /// <summary>The commit the run was asked to look at (a push's head), when known before the source is read: reporters can
    /// still say something on it when the source cannot be read.</summary>
    public string? Commit { get; init; }

    /// <summary>The pull request this (plan-only) run reviews, for reporters; null for a default-branch run.</summary>
    public PullRequestRef? PullRequest { get; init; }
}
