using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary><c>installation</c> in a payload (only <c>id</c> on repository events; with the account on installation events).</summary>
internal sealed class WireInstallation
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("account")]
    public WireAccount? Account { get; set; }

    [JsonPropertyName("repository_selection")]
    public string? RepositorySelection { get; set; }
}
