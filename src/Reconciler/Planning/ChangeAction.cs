namespace McpSaas.Reconciler.Planning;

/// <summary>What apply does to one server. A closed set, rendered as <c>+ ~ -</c> (no symbol for no-op).</summary>
public enum ChangeAction
{
    NoOp = 0,
    Create = 1,
    Update = 2,
    Delete = 3,

    /// <summary>Only secret versions or API keys changed: rebound in place, no module upload (<c>~ secrets</c>).</summary>
    UpdateSecrets = 4,
}
