using McpSaas.Reconciler.Usage;

namespace McpSaas.Cli.Commands;

/// <summary>
/// What says whether a server's usage figures are complete: the store's side (last delivery, calls lost to a full
/// outbox) and the runtime's (what waits in the server's outbox now).
/// </summary>
/// <param name="Delivery">From the state store.</param>
/// <param name="Deployed">Whether the server is deployed on the local runtime (only then can calls wait in an outbox).</param>
/// <param name="Outbox">What its limiter reports; null when not deployed or when it could not be asked.</param>
/// <param name="OutboxError">Why it could not be asked.</param>
internal sealed record UsageCompleteness(UsageDeliveryReport Delivery, bool Deployed, WorkerUsageStatus? Outbox, string? OutboxError)
{
    public static UsageCompleteness NotDeployed(UsageDeliveryReport delivery) => new(delivery, false, null, null);

    /// <summary>No call is missing from the figures, as far as anyone can tell.</summary>
    public bool Complete => Delivery.Dropped == 0 && (!Deployed || Outbox is { Pending: 0, Dropped: 0 });
}
