using System.Text.Json.Serialization;

namespace McpSaas.WebhookApi;

/// <summary><c>{"status":"ok","instance":"…"}</c>: <c>instance</c> names the data folder (<see cref="Reconciler.State.StatePaths.Instance"/>).</summary>
public sealed record HealthBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("instance")] string Instance);
