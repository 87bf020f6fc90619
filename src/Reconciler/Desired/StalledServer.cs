using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// A server that cannot be deployed now (invalid manifest, unresolved secret, over a plan limit). What is deployed
/// for it is kept as it is (manifest-v1.md rule 7). The message says what is wrong, not which command fixes it:
/// each front end (CLI, GitHub check, status page) adds its own hint from <see cref="Reason"/> and <see cref="MissingSecrets"/>.
/// </summary>
public sealed record StalledServer(ServerId Id, string SourcePath, StallReason Reason, string Message)
{
    /// <summary>For <see cref="StallReason.SecretMissing"/>: the secret references not set, sorted.</summary>
    public ValueArray<string> MissingSecrets { get; init; } = ValueArray<string>.Empty;

    /// <summary>What the last apply recorded for this server (it stays deployed as it is); null when it was never deployed. Set by the planner.</summary>
    public DeploymentSummary? Applied { get; init; }

    /// <summary>A missing secret is waited for (retried every run); everything else needs new input.</summary>
    public ErrorClass Class => Reason == StallReason.SecretMissing ? ErrorClass.Waiting : ErrorClass.Stalled;
}

/// <summary>Why a server is stalled.</summary>
public enum StallReason
{
    InvalidManifest,
    FileUnreadable,
    SecretMissing,
    PlanLimit,
    RuntimeMissingTool,

    /// <summary>The Worker name is taken by a script McpSaas does not own (or another owner's): it is never touched.</summary>
    NameClash,
}
