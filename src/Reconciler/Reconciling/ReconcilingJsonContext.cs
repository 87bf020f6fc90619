using System.Text.Json.Serialization;
using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Reconciling;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DeploymentSummary))]
[JsonSerializable(typeof(ToolSummary))]
[JsonSerializable(typeof(NamedKeyHash))]
[JsonSerializable(typeof(SecretSummary))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReconcilingJsonContext : JsonSerializerContext;
