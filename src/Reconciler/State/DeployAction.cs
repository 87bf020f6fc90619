namespace McpSaas.Reconciler.State;

/// <summary>What a deploy history entry did.</summary>
public enum DeployAction
{
    Create = 0,
    Update = 1,
    Delete = 2,

    /// <summary>Secret versions or API keys rebound in place (no upload).</summary>
    Rebind = 3,
}
