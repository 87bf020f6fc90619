namespace McpSaas.Reconciler.State;

/// <summary>A server's reconcile condition (Flux's Ready / Reconciling / Stalled).</summary>
public enum ServerState
{
    /// <summary>Seen, not yet converged (or a run is in progress).</summary>
    Reconciling = 0,

    /// <summary>What is deployed matches the manifest.</summary>
    Ready = 1,

    /// <summary>A configuration error (invalid manifest, missing secret); what is deployed is kept; not retried until the input changes.</summary>
    Stalled = 2,
}
