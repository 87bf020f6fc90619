using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// A server that cannot be reconciled until its input changes (invalid manifest, unresolved secret, over a
/// plan limit). What is deployed for it is kept as it is (manifest-v1.md rule 7).
/// </summary>
public sealed record StalledServer(ServerId Id, string SourcePath, StallReason Reason, string Message);

/// <summary>Why a server is stalled.</summary>
public enum StallReason
{
    InvalidManifest,
    FileUnreadable,
    SecretMissing,
    PlanLimit,
    RuntimeMissingTool,
}
