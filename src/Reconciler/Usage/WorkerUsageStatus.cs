using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// What a deployed server's limiter reports on its usage route (<c>GET /_mcpsaas/usage</c>, worker-runtime README):
/// what waits in its outbox, drops not yet reported, the backoff, the last delivery and the projection. Fields the
/// runtime adds later are ignored.
/// </summary>
public sealed class WorkerUsageStatus
{
    [JsonPropertyName("serverId")]
    public string? ServerId { get; init; }

    /// <summary>The SHA-256 hashes of the API keys this Worker accepts (sorted): a key change is live once they match.</summary>
    [JsonPropertyName("keyHashes")]
    public IReadOnlyList<string>? KeyHashes { get; init; }

    /// <summary>Events waiting in the outbox (calls not in the platform's figures yet).</summary>
    [JsonPropertyName("pending")]
    public long Pending { get; init; }

    /// <summary>Events dropped past the outbox bound and not reported to the platform yet.</summary>
    [JsonPropertyName("dropped")]
    public long Dropped { get; init; }

    /// <summary>Failed sends in a row (the backoff's step).</summary>
    [JsonPropertyName("failures")]
    public int Failures { get; init; }

    /// <summary>When the outbox tries again (null: nothing scheduled).</summary>
    [JsonPropertyName("nextAttemptAt")]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the usage endpoint last accepted a batch from this server (since its limiter started).</summary>
    [JsonPropertyName("lastDeliveryAt")]
    public DateTimeOffset? LastDeliveryAt { get; init; }

    /// <summary>Why the last send failed (never a secret: a transport or HTTP status message).</summary>
    [JsonPropertyName("lastError")]
    public string? LastError { get; init; }

    /// <summary>The quota projection; null when no limit is known.</summary>
    [JsonPropertyName("projected")]
    public WorkerQuotaProjection? Projected { get; init; }
}
