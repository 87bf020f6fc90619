using System.Text.Json.Serialization;

namespace McpSaas.Cli.Commands;

/// <summary>One diagnostic in <c>validate --json</c>.</summary>
internal sealed class ValidateJsonDiagnostic
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("line")]
    public required int Line { get; init; }

    [JsonPropertyName("column")]
    public required int Column { get; init; }

    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("docPath")]
    public required string DocPath { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>The canonical one-line form.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}
