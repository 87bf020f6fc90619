using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Body of <c>PATCH …/scripts/{name}/secrets-bulk</c>: a merge patch, a null value deletes that secret.</summary>
internal sealed class SecretsBulkPatch
{
    [JsonPropertyName("secrets")]
    public Dictionary<string, SecretPut?> Secrets { get; set; } = [];
}
