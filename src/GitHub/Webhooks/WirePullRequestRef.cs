using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary><c>pull_request.head</c> / <c>pull_request.base</c>; <c>repo</c> is null when a fork was deleted.</summary>
internal sealed class WirePullRequestRef
{
    [JsonPropertyName("ref")]
    public string? Ref { get; set; }

    [JsonPropertyName("sha")]
    public string? Sha { get; set; }

    [JsonPropertyName("repo")]
    public WireRepository? Repo { get; set; }
}
