using System.Text.Json.Serialization;

namespace McpSaas.WebhookApi.GitHub;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookAnswer))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
