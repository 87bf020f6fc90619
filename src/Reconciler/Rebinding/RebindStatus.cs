namespace McpSaas.Reconciler.Rebinding;

/// <summary>Whether an in-place change of a deployed server is live.</summary>
public enum RebindStatus
{
    /// <summary>The Worker serves the change now.</summary>
    Live,

    /// <summary>It already did (nothing to change).</summary>
    AlreadyLive,

    /// <summary>The server has no Worker on this platform: its next deploy carries the change.</summary>
    NotDeployed,

    /// <summary>Not live: the Worker still serves what it did; the next reconcile retries.</summary>
    Failed,
}
