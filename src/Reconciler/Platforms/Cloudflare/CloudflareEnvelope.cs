using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Every answer of the API: <c>{success, errors[], messages[], result, result_info?}</c>. Both the HTTP status and <see cref="Success"/> are checked.</summary>
internal sealed class CloudflareEnvelope<T>
{
    [JsonPropertyName("success")]
    public bool Success { get; set; }

    [JsonPropertyName("errors")]
    public List<CloudflareApiError>? Errors { get; set; }

    [JsonPropertyName("result")]
    public T? Result { get; set; }
}
