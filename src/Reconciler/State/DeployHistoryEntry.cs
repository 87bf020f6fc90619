namespace McpSaas.Reconciler.State;

/// <summary>One entry of the append-only deploy history.</summary>
public sealed record DeployHistoryEntry
{
    public long Id { get; init; }

    public required ServerId ServerId { get; init; }

    public required DeployAction Action { get; init; }

    public required bool Succeeded { get; init; }

    public string? Platform { get; init; }

    public string? ScriptName { get; init; }

    public string? ContentHash { get; init; }

    public string? Revision { get; init; }

    /// <summary>Failure text (never a secret value).</summary>
    public string? Message { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>
    /// The plan of this server's change as people read it (<see cref="Planning.ServerPlanText"/>): Terraform-like text,
    /// secrets by name only, never a value. Kept with the deploy history for the status UI; null when not known.
    /// </summary>
    public string? PlanText { get; init; }
}
