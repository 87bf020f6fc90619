namespace McpSaas.Reconciler.State;

/// <summary>How recording a new key went.</summary>
public enum ApiKeyCreateOutcome
{
    Created = 0,

    /// <summary>The server already has an active key of that name (revoke it first, or pick another name).</summary>
    NameTaken = 1,

    /// <summary>No such server in the state store.</summary>
    UnknownServer = 2,
}
