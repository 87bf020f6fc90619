namespace McpSaas.Reconciler.Installations;

/// <summary>A delivery as recorded.</summary>
public sealed record WebhookDeliveryRecord
{
    public required string DeliveryId { get; init; }

    public required string Event { get; init; }

    public string? Action { get; init; }

    public required string Summary { get; init; }

    /// <summary>Ids of the jobs it queued or coalesced into, comma separated; empty when none.</summary>
    public required string JobIds { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
