using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Body of <c>PUT …/scripts/{name}/secrets</c>; an entry of <c>secrets-bulk</c>.</summary>
internal sealed class SecretPut
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("type")]
    public string Type { get; set; } = BindingTypes.SecretText;

    public override string ToString() => $"{Type} {Name} (sensitive value)";
}
