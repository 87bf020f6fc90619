using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Local;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(LocalDeployment))]
[JsonSerializable(typeof(WorkerdPidFile))]
[JsonSerializable(typeof(Dictionary<string, SealedValue>))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;
