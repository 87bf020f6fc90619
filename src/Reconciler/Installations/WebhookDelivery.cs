namespace McpSaas.Reconciler.Installations;

/// <summary>One webhook delivery: its <c>X-GitHub-Delivery</c> id (redeliveries carry the same), event and action.</summary>
public sealed record WebhookDelivery
{
    public required string DeliveryId { get; init; }

    public required string Event { get; init; }

    public string? Action { get; init; }
}
