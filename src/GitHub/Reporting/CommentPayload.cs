using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Reporting;

/// <summary>The sticky plan comment of a pull request (an outbox payload).</summary>
internal sealed class CommentPayload
{
    [JsonPropertyName("number")]
    public required int Number { get; init; }

    /// <summary>Starts with <see cref="ReportMarkdown.CommentMarker"/>; at most 65,536 characters.</summary>
    [JsonPropertyName("body")]
    public required string Body { get; init; }
}
