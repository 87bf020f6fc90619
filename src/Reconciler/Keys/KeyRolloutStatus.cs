namespace McpSaas.Reconciler.Keys;

/// <summary>Whether a key change is live on the Worker.</summary>
public enum KeyRolloutStatus
{
    /// <summary>The Worker serves the new key set now.</summary>
    Live,

    /// <summary>It already did (nothing to change).</summary>
    AlreadyLive,

    /// <summary>The server has no Worker yet: its first deploy binds the keys.</summary>
    NotDeployed,

    /// <summary>Not live: the Worker still serves the old key set; the next reconcile retries.</summary>
    Failed,
}
