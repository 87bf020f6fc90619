using System.Text.Json.Serialization;

namespace McpSaas.Cli.Commands;

/// <summary>One document (server) of a manifest file in <c>validate --json</c>; <c>name</c> is null when unreadable.</summary>
internal sealed class ValidateJsonServer
{
    [JsonPropertyName("name")]
    public required string? Name { get; init; }

    [JsonPropertyName("line")]
    public required int Line { get; init; }

    [JsonPropertyName("valid")]
    public required bool Valid { get; init; }
}
