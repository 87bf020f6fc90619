using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Webhooks;

/// <summary>
/// The fields McpSaas reads from the payloads of the events it handles (push, pull_request, installation,
/// installation_repositories, repository), in one tolerant shape: every other field is ignored.
/// </summary>
internal sealed class WireEvent
{
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("ref")]
    public string? Ref { get; set; }

    [JsonPropertyName("before")]
    public string? Before { get; set; }

    [JsonPropertyName("after")]
    public string? After { get; set; }

    [JsonPropertyName("deleted")]
    public bool? Deleted { get; set; }

    [JsonPropertyName("number")]
    public int? Number { get; set; }

    [JsonPropertyName("pull_request")]
    public WirePullRequest? PullRequest { get; set; }

    [JsonPropertyName("repository")]
    public WireRepository? Repository { get; set; }

    [JsonPropertyName("installation")]
    public WireInstallation? Installation { get; set; }

    [JsonPropertyName("repository_selection")]
    public string? RepositorySelection { get; set; }

    [JsonPropertyName("repositories")]
    public List<WireRepository>? Repositories { get; set; }

    [JsonPropertyName("repositories_added")]
    public List<WireRepository>? RepositoriesAdded { get; set; }

    [JsonPropertyName("repositories_removed")]
    public List<WireRepository>? RepositoriesRemoved { get; set; }
}
