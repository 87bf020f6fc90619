using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// A Worker script as the API reports it: an item of <c>GET …/workers/scripts</c>, and the result of an upload
/// (the deploy receipt: <see cref="Etag"/> and <see cref="ModifiedOn"/> identify what was deployed).
/// </summary>
public sealed class CloudflareScript
{
    /// <summary>The script name.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Cloudflare's immutable id of the script.</summary>
    [JsonPropertyName("tag")]
    public string? Tag { get; set; }

    /// <summary>Changes with every upload.</summary>
    [JsonPropertyName("etag")]
    public string? Etag { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }

    [JsonPropertyName("created_on")]
    public DateTimeOffset? CreatedOn { get; set; }

    [JsonPropertyName("modified_on")]
    public DateTimeOffset? ModifiedOn { get; set; }

    /// <summary>The last Durable Object migration tag applied to the script, or null.</summary>
    [JsonPropertyName("migration_tag")]
    public string? MigrationTag { get; set; }

    /// <summary>Who deployed last (<c>api</c>, <c>wrangler</c>, <c>dash</c>, …): another client's deploy shows here.</summary>
    [JsonPropertyName("last_deployed_from")]
    public string? LastDeployedFrom { get; set; }

    [JsonPropertyName("has_modules")]
    public bool? HasModules { get; set; }

    [JsonPropertyName("compatibility_date")]
    public string? CompatibilityDate { get; set; }

    [JsonPropertyName("handlers")]
    public List<string>? Handlers { get; set; }

    [JsonPropertyName("startup_time_ms")]
    public int? StartupTimeMs { get; set; }
}
