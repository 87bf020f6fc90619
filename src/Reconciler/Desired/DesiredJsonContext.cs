using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Desired;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DeploymentSummary))]
[JsonSerializable(typeof(WorkerBinding))]
[JsonSerializable(typeof(List<WorkerBinding>))]
internal sealed partial class DesiredJsonContext : JsonSerializerContext;
