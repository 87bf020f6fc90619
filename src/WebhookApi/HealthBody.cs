using System.Text.Json.Serialization;

namespace McpSaas.WebhookApi;

/// <summary><c>{"status":"ok"}</c>.</summary>
public sealed record HealthBody([property: JsonPropertyName("status")] string Status);
