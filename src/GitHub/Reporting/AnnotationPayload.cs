using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Reporting;

/// <summary>One check-run annotation: a diagnostic at its manifest path, line and column.</summary>
internal sealed class AnnotationPayload
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("line")]
    public required int Line { get; init; }

    [JsonPropertyName("column")]
    public required int Column { get; init; }

    /// <summary><c>failure</c> (errors) or <c>warning</c>.</summary>
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>Identifies the annotation on its check run: GitHub appends the annotations of every update, so each is sent once.</summary>
    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }
}
