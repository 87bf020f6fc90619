using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary>A repository in a payload. Installation events list only <c>id</c>, <c>name</c>, <c>full_name</c>, <c>private</c>.</summary>
internal sealed class WireRepository
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("full_name")]
    public string? FullName { get; set; }

    [JsonPropertyName("owner")]
    public WireAccount? Owner { get; set; }

    [JsonPropertyName("private")]
    public bool? Private { get; set; }

    [JsonPropertyName("default_branch")]
    public string? DefaultBranch { get; set; }

    [JsonPropertyName("clone_url")]
    public string? CloneUrl { get; set; }

    /// <summary>Unix seconds in push payloads, an ISO 8601 string elsewhere.</summary>
    [JsonPropertyName("pushed_at")]
    public JsonElement PushedAt { get; set; }
}
