using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>The <c>metadata</c> part of a module upload (cloudflare-workers-api.md §2).</summary>
internal sealed class UploadMetadata
{
    [JsonPropertyName("main_module")]
    public string MainModule { get; set; } = "";

    [JsonPropertyName("compatibility_date")]
    public string CompatibilityDate { get; set; } = "";

    [JsonPropertyName("compatibility_flags")]
    public List<string> CompatibilityFlags { get; set; } = [];

    [JsonPropertyName("bindings")]
    public List<CloudflareBinding> Bindings { get; set; } = [];

    [JsonPropertyName("migrations")]
    public CloudflareMigrations? Migrations { get; set; }

    [JsonPropertyName("tags")]
    public List<string> Tags { get; set; } = [];

    [JsonPropertyName("keep_bindings")]
    public List<string> KeepBindings { get; set; } = [];
}
