using System.Text.Json.Serialization;

namespace McpSaas.Cli.Commands;

/// <summary>One manifest file in <c>validate --json</c>.</summary>
internal sealed class ValidateJsonFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("parseFailed")]
    public required bool ParseFailed { get; init; }

    [JsonPropertyName("servers")]
    public required IReadOnlyList<ValidateJsonServer> Servers { get; init; }
}
