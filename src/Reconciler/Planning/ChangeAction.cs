namespace McpSaas.Reconciler.Planning;

/// <summary>What apply does to one server. A closed set, rendered as <c>+ ~ -</c> (no symbol for no-op).</summary>
public enum ChangeAction
{
    NoOp = 0,
    Create = 1,
    Update = 2,
    Delete = 3,
}
