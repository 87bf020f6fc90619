using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Body and result of <c>…/scripts/{name}/subdomain</c>: whether the script answers on workers.dev.</summary>
public sealed class CloudflareScriptSubdomain
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    [JsonPropertyName("previews_enabled")]
    public bool PreviewsEnabled { get; set; }
}
