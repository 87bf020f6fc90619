using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// <c>GET|PATCH …/scripts/{name}/settings</c>: the deployed version's bindings (secrets as <c>{name, type}</c> only),
/// compatibility, tags. Used to compare bindings and secrets by name with what should be deployed.
/// </summary>
public sealed class CloudflareScriptSettings
{
    [JsonPropertyName("bindings")]
    public List<CloudflareBinding>? Bindings { get; set; }

    [JsonPropertyName("compatibility_date")]
    public string? CompatibilityDate { get; set; }

    [JsonPropertyName("compatibility_flags")]
    public List<string>? CompatibilityFlags { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }

    [JsonPropertyName("usage_model")]
    public string? UsageModel { get; set; }
}
