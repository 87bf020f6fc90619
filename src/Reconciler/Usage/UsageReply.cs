using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// The reply to an accepted batch (worker-contract.md): <c>{ accepted, quota: { limit, used, exceeded } }</c>.
/// <c>accepted</c> is how many of the batch's events are acknowledged (all of them, redeliveries included: the
/// outbox may drop them); each event id counts once however often it arrives.
/// </summary>
public sealed class UsageReply
{
    [JsonPropertyName("accepted")]
    public int Accepted { get; init; }

    [JsonPropertyName("quota")]
    public required QuotaVerdict Quota { get; init; }
}
