using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Body and result of <c>PATCH …/scripts/{name}/script-settings</c> (not versioned) for tags.</summary>
internal sealed class ScriptTagsSettings
{
    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }
}
