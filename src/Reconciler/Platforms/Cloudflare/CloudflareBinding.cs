using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// A binding on the wire (upload metadata, <c>/settings</c>): <c>type</c>, <c>name</c> and the fields of its type
/// (cloudflare-workers-api.md §2). The factories build the types worker-contract.md uses. A <c>secret_text</c> read
/// from <c>/settings</c> has no <see cref="Text"/>: Cloudflare never returns secret values.
/// </summary>
public sealed class CloudflareBinding
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary><c>plain_text</c> / <c>secret_text</c> value.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary><c>json</c> value (any JSON).</summary>
    [JsonPropertyName("json")]
    public JsonElement? Json { get; set; }

    /// <summary><c>durable_object_namespace</c>: the exported class.</summary>
    [JsonPropertyName("class_name")]
    public string? ClassName { get; set; }

    /// <summary><c>durable_object_namespace</c>: the script that defines the class, when another one.</summary>
    [JsonPropertyName("script_name")]
    public string? ScriptName { get; set; }

    /// <summary><c>service</c>: the Worker bound to.</summary>
    [JsonPropertyName("service")]
    public string? Service { get; set; }

    /// <summary><c>service</c>: a named entrypoint of that Worker.</summary>
    [JsonPropertyName("entrypoint")]
    public string? Entrypoint { get; set; }

    [JsonPropertyName("environment")]
    public string? Environment { get; set; }

    [JsonPropertyName("namespace_id")]
    public string? NamespaceId { get; set; }

    public static CloudflareBinding JsonValue(string name, string jsonText)
    {
        using var document = JsonDocument.Parse(jsonText);
        return new CloudflareBinding { Type = BindingTypes.Json, Name = name, Json = document.RootElement.Clone() };
    }

    public static CloudflareBinding PlainText(string name, string text) => new() { Type = BindingTypes.PlainText, Name = name, Text = text };

    /// <summary>
    /// A secret with its value in the upload metadata. McpSaas does not upload secrets this way: it keeps
    /// <c>secret_text</c> bindings (<see cref="WorkerUpload.KeepBindings"/>) and sets values through the secrets endpoint.
    /// </summary>
    public static CloudflareBinding SecretText(string name, string value) => new() { Type = BindingTypes.SecretText, Name = name, Text = value };

    public static CloudflareBinding DurableObject(string name, string className) =>
        new() { Type = BindingTypes.DurableObjectNamespace, Name = name, ClassName = className };

    public static CloudflareBinding ServiceBinding(string name, string service, string? entrypoint = null) =>
        new() { Type = BindingTypes.Service, Name = name, Service = service, Entrypoint = entrypoint };

    public override string ToString() => $"{Type} {Name}";
}
