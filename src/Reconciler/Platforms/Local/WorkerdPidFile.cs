using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>What <c>workerd.pid</c> records about the running runtime.</summary>
public sealed record WorkerdPidFile(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("configHash")] string ConfigHash,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("workers")] int Workers);
