namespace McpSaas.StatusUi.Model;

/// <summary>A server's reconcile status, as the overview, the server page and its live status read it.</summary>
public sealed record ServerStatusView
{
    /// <summary><c>ready</c>, <c>reconciling</c>, <c>waiting</c> or <c>stalled</c> (the state store's word).</summary>
    public required string State { get; init; }

    /// <summary>What people read: Ready, Deploying, Reconciling, Waiting for a secret, Stalled, Suspended.</summary>
    public required string Label { get; init; }

    /// <summary>Why it is not ready (stalled reason, missing secret, retry); null when ready.</summary>
    public string? Reason { get; init; }

    /// <summary>A deploy runs now.</summary>
    public required bool Deploying { get; init; }

    /// <summary>Deployed with <c>suspended: true</c>: every MCP request answers "server suspended".</summary>
    public required bool Suspended { get; init; }

    /// <summary>The org's monthly quota is reached: the server refuses calls.</summary>
    public required bool OverQuota { get; init; }

    /// <summary>The source revision of the last successful deploy.</summary>
    public string? Revision { get; init; }

    /// <summary>The source revision the last reconcile read.</summary>
    public string? ObservedRevision { get; init; }

    public DateTimeOffset? LastReconcileAt { get; init; }
}
