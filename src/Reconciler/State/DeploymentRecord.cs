namespace McpSaas.Reconciler.State;

/// <summary>
/// A successful create or update: recorded in one transaction as the inventory entry, the server's
/// last applied revision / hash / endpoint / script (state becomes ready), and a deploy history entry.
/// </summary>
public sealed record DeploymentRecord
{
    public required ServerId ServerId { get; init; }

    public required DeployAction Action { get; init; }

    public required string Platform { get; init; }

    public required string ScriptName { get; init; }

    public required string ContentHash { get; init; }

    public string? Revision { get; init; }

    public string? EndpointUrl { get; init; }

    /// <summary>The deployment's summary as JSON (no secret values), kept in the inventory for the next plan's reasons.</summary>
    public string? SummaryJson { get; init; }

    /// <summary>What the platform recorded (its receipt): etag, modification time, version.</summary>
    public string? Etag { get; init; }

    public DateTimeOffset? ModifiedOn { get; init; }

    public string? VersionId { get; init; }

    /// <summary>
    /// The plan of this server's change as people read it (<see cref="Planning.ServerPlanText"/>): Terraform-like text,
    /// secrets by name only, never a value. Kept with the deploy history for the status UI; null when not known.
    /// </summary>
    public string? PlanText { get; init; }
}
