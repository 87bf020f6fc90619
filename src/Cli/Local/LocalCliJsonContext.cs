using System.Text.Json.Serialization;

namespace McpSaas.Cli.Local;

/// <summary>Source-generated JSON for the CLI's own files in the data folder.</summary>
[JsonSerializable(typeof(IngestPidFile))]
internal sealed partial class LocalCliJsonContext : JsonSerializerContext;
