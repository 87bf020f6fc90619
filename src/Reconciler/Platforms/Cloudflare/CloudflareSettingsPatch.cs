using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The <c>settings</c> part of <c>PATCH …/scripts/{name}/settings</c>: only the fields set are changed, and the
/// change makes a new version (modules untouched). <see cref="Bindings"/>, when set, replaces the bindings except the
/// types in <see cref="KeepBindings"/>.
/// </summary>
public sealed class CloudflareSettingsPatch
{
    [JsonPropertyName("bindings")]
    public List<CloudflareBinding>? Bindings { get; set; }

    [JsonPropertyName("keep_bindings")]
    public List<string>? KeepBindings { get; set; }

    [JsonPropertyName("compatibility_date")]
    public string? CompatibilityDate { get; set; }

    [JsonPropertyName("compatibility_flags")]
    public List<string>? CompatibilityFlags { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }
}
