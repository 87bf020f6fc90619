using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>One sealed value in <c>secrets.json</c>: nonce and ciphertext with tag, base64.</summary>
internal sealed record SealedValue(
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("data")] string Data);
