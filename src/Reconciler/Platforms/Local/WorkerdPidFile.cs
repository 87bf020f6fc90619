using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>What <c>workerd.pid</c> records about the running runtime (<see cref="SharesPort"/>: it listens on an <c>SO_REUSEPORT</c> socket, so a successor can start beside it).</summary>
public sealed record WorkerdPidFile(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("configHash")] string ConfigHash,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("sharesPort")] bool SharesPort = false);
