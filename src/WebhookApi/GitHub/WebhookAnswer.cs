using System.Text.Json.Serialization;

namespace McpSaas.WebhookApi.GitHub;

/// <summary>
/// The body of every answer of <c>POST /webhooks/github</c>: <c>status</c> is <c>accepted</c>, <c>duplicate</c>, <c>pong</c>
/// or <c>error</c>; <c>summary</c> says what the delivery caused; <c>jobs</c> the queued (or coalesced) job ids.
/// </summary>
public sealed class WebhookAnswer
{
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("delivery")]
    public string? Delivery { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    [JsonPropertyName("jobs")]
    public IReadOnlyList<long>? Jobs { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
