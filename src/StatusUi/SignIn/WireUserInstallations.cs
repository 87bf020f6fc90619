using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary>A page of <c>GET /user/installations</c>.</summary>
internal sealed class WireUserInstallations
{
    [JsonPropertyName("total_count")]
    public int TotalCount { get; set; }

    [JsonPropertyName("installations")]
    public List<WireUserInstallation> Installations { get; set; } = [];
}
