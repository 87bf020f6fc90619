namespace McpSaas.Reconciler.Installations;

/// <summary>Where the webhook ingress records deliveries, durably, before it answers.</summary>
public interface IWebhookInbox
{
    /// <summary>
    /// Records the delivery id, the installation and repository records and the jobs of <paramref name="effect"/> in
    /// one transaction: after it returns, a crash loses nothing. A delivery id seen before is
    /// <see cref="DeliveryOutcome.Duplicate"/> and changes nothing.
    /// </summary>
    Task<DeliveryResult> RecordDeliveryAsync(WebhookDelivery delivery, DeliveryEffect effect, CancellationToken cancellationToken);

    Task<WebhookDeliveryRecord?> GetDeliveryAsync(string deliveryId, CancellationToken cancellationToken);

    Task<int> CountDeliveriesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets deliveries received before <paramref name="before"/> (GitHub redelivers for up to 3 days: keep them longer). Returns how many.</summary>
    Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
