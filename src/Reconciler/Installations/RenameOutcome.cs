namespace McpSaas.Reconciler.Installations;

public enum RenameOutcome
{
    /// <summary>Every stored id moved to the new names.</summary>
    Renamed,

    /// <summary>The names were already the new ones (a repeated or coalesced rename).</summary>
    Unchanged,

    /// <summary>No repository with that GitHub id is recorded.</summary>
    UnknownRepository,

    /// <summary>Servers already exist under the new names (another repository had them): nothing changed.</summary>
    Conflict,
}
