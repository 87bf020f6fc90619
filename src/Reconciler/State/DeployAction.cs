namespace McpSaas.Reconciler.State;

/// <summary>What a deploy history entry did.</summary>
public enum DeployAction
{
    Create = 0,
    Update = 1,
    Delete = 2,
}
