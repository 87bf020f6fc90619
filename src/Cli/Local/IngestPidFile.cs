using System.Text.Json.Serialization;

namespace McpSaas.Cli.Local;

/// <summary>What <c>&lt;data&gt;/local/ingest.pid</c> records about the running usage ingest companion.</summary>
internal sealed record IngestPidFile(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt);
