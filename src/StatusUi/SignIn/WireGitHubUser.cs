using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary><c>GET /user</c>: who the user token belongs to.</summary>
internal sealed class WireGitHubUser
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("login")]
    public string? Login { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
