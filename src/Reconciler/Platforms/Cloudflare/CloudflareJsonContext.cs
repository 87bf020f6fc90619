using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Source-generated JSON of every Cloudflare wire type; nulls are left out when writing.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudflareEnvelope<JsonElement>))]
[JsonSerializable(typeof(CloudflareEnvelope<List<CloudflareScript>>))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareScript>))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareScriptSettings>))]
[JsonSerializable(typeof(CloudflareEnvelope<ScriptTagsSettings>))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareSecret>))]
[JsonSerializable(typeof(CloudflareEnvelope<WorkersSubdomain>))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareScriptSubdomain>))]
[JsonSerializable(typeof(UploadMetadata))]
[JsonSerializable(typeof(CloudflareSettingsPatch))]
[JsonSerializable(typeof(ScriptTagsSettings))]
[JsonSerializable(typeof(SecretPut))]
[JsonSerializable(typeof(SecretsBulkPatch))]
[JsonSerializable(typeof(CloudflareScriptSubdomain))]
internal sealed partial class CloudflareJsonContext : JsonSerializerContext;
