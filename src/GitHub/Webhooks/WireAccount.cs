using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary>An account (org or user) in a payload: only the fields McpSaas reads.</summary>
internal sealed class WireAccount
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("login")]
    public string? Login { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
