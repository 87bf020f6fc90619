using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary>The body of <c>DELETE /applications/{client_id}/token</c>: the user access token to revoke.</summary>
internal sealed class WireTokenRevocation
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }
}
