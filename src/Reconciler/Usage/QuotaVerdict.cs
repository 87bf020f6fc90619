using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>The month's quota verdict for an org (worker-contract.md): <c>{ limit, used, exceeded }</c>; <c>limit</c> null = unlimited.</summary>
public sealed class QuotaVerdict
{
    [JsonPropertyName("limit")]
    public long? Limit { get; init; }

    [JsonPropertyName("used")]
    public long Used { get; init; }

    /// <summary>True once <see cref="Used"/> reached <see cref="Limit"/>: the next call would be past it.</summary>
    [JsonPropertyName("exceeded")]
    public bool Exceeded { get; init; }

    public static QuotaVerdict For(long? limit, long used) => new() { Limit = limit, Used = used, Exceeded = limit is { } l && used >= l };
}
