using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Result of <c>GET /accounts/{a}/workers/subdomain</c>.</summary>
internal sealed class WorkersSubdomain
{
    [JsonPropertyName("subdomain")]
    public string? Subdomain { get; set; }
}
