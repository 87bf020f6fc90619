using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>The limiter's quota projection: the last verdict's usage plus the calls it does not include yet.</summary>
public sealed class WorkerQuotaProjection
{
    [JsonPropertyName("used")]
    public long Used { get; init; }

    [JsonPropertyName("remaining")]
    public long Remaining { get; init; }

    /// <summary>Why calls are refused now: <c>exceeded</c>, <c>unverified</c>, or null (served).</summary>
    [JsonPropertyName("refusing")]
    public string? Refusing { get; init; }

    /// <summary>Whether the last verdict is older than the trust window.</summary>
    [JsonPropertyName("stale")]
    public bool Stale { get; init; }
}
