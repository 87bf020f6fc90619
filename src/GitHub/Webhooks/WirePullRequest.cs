using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary><c>pull_request</c> in a payload.</summary>
internal sealed class WirePullRequest
{
    [JsonPropertyName("number")]
    public int? Number { get; set; }

    [JsonPropertyName("head")]
    public WirePullRequestRef? Head { get; set; }

    [JsonPropertyName("base")]
    public WirePullRequestRef? Base { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("draft")]
    public bool? Draft { get; set; }
}
