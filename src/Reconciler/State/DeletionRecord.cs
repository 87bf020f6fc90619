namespace McpSaas.Reconciler.State;

/// <summary>
/// A successful delete of an owned Worker: its inventory entry goes, a history entry is appended, and
/// with <see cref="ForgetServer"/> the server row (with its keys and usage token) goes too; usage history stays.
/// </summary>
public sealed record DeletionRecord
{
    public required ServerId ServerId { get; init; }

    public required string Platform { get; init; }

    public required string ScriptName { get; init; }

    public string? Revision { get; init; }

    public bool ForgetServer { get; init; } = true;

    /// <summary>
    /// The plan of this server's change as people read it (<see cref="Planning.ServerPlanText"/>): Terraform-like text,
    /// secrets by name only, never a value. Kept with the deploy history for the status UI; null when not known.
    /// </summary>
    public string? PlanText { get; init; }
}
