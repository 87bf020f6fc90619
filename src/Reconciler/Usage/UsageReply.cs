using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// The reply to an accepted batch (worker-contract.md): <c>{ accepted, quota: { limit, used, exceeded } }</c>.
/// <c>accepted</c> is how many of the batch's events are acknowledged (all of them, redeliveries included: the
/// outbox may drop them); each event id counts once however often it arrives. <c>skipped</c> (only when not 0) is how
/// many of them were not counted because they are dated before the previous UTC month (issue #9.8).
/// </summary>
public sealed class UsageReply
{
    [JsonPropertyName("accepted")]
    public int Accepted { get; init; }

    /// <summary>Acknowledged events not counted: dated before the previous month (UTC). Written only when not 0.</summary>
    [JsonPropertyName("skipped")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Skipped { get; init; }

    [JsonPropertyName("quota")]
    public required QuotaVerdict Quota { get; init; }
}
