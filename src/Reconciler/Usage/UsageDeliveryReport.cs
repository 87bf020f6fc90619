namespace McpSaas.Reconciler.Usage;

/// <summary>How complete a server's usage figures are, as far as the store knows (the runtime knows what still waits).</summary>
/// <param name="LastDeliveryAt">When the usage endpoint last accepted a batch from the server (null: never).</param>
/// <param name="Dropped">Events dropped past the server's outbox bound, reported in the month asked for.</param>
/// <param name="DroppedTotal">The same, over all months.</param>
public sealed record UsageDeliveryReport(DateTimeOffset? LastDeliveryAt, long Dropped, long DroppedTotal);
