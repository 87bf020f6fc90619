using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Reporting;

/// <summary>What the check run of one commit should show (an outbox payload: never a secret).</summary>
internal sealed class CheckRunPayload
{
    [JsonPropertyName("headSha")]
    public required string HeadSha { get; init; }

    /// <summary><c>in_progress</c> or <c>completed</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary><c>success</c>, <c>failure</c> or <c>neutral</c> when completed.</summary>
    [JsonPropertyName("conclusion")]
    public string? Conclusion { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("summary")]
    public required string Summary { get; init; }

    [JsonPropertyName("detailsUrl")]
    public string? DetailsUrl { get; init; }

    [JsonPropertyName("externalId")]
    public required string ExternalId { get; init; }

    [JsonPropertyName("startedAt")]
    public required DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Update an existing check run only when its status or conclusion changed (a periodic look at the same commit keeps what the push said otherwise).</summary>
    [JsonPropertyName("onlyIfConclusionChanged")]
    public bool OnlyIfConclusionChanged { get; init; }

    [JsonPropertyName("annotations")]
    public List<AnnotationPayload> Annotations { get; init; } = [];
}
