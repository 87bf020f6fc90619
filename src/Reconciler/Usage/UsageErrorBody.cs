using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>The body of a refused batch: <c>{ "error": "reason" }</c>.</summary>
public sealed class UsageErrorBody
{
    [JsonPropertyName("error")]
    public required string Error { get; init; }
}
