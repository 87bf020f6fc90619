using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary><c>GET /user/memberships/orgs/{org}</c>: the user's membership state (<c>active</c>, <c>pending</c>) and role (<c>admin</c>, <c>member</c>).</summary>
internal sealed class WireMembership
{
    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
