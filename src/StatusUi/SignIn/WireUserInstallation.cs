using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary>One installation of the App that the user can reach.</summary>
internal sealed class WireUserInstallation
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("account")]
    public WireAccount? Account { get; set; }
}
