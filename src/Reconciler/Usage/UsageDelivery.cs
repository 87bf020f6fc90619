using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Usage;

/// <summary>An accepted batch as the store remembers it: when it arrived and the drops it reported.</summary>
/// <param name="ServerId">The server whose outbox sent it.</param>
/// <param name="BatchId">The batch's id; the same id reported again (a resend) counts its drops once, the larger count.</param>
/// <param name="Dropped">Events the outbox dropped past its bound (lost: not in any count).</param>
/// <param name="At">When the batch was accepted.</param>
public sealed record UsageDelivery(ServerId ServerId, string? BatchId, long Dropped, DateTimeOffset At);
