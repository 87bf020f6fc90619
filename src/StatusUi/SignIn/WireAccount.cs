using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary>The account (organisation or user) an installation is on.</summary>
internal sealed class WireAccount
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("login")]
    public string? Login { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
