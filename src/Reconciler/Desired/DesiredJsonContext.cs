using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Desired;

/// <summary>Source-generated JSON for deployment summaries (stored in the inventory) and canonical strings.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DeploymentSummary))]
[JsonSerializable(typeof(ToolSummary))]
[JsonSerializable(typeof(NamedKeyHash))]
[JsonSerializable(typeof(SecretSummary))]
internal sealed partial class DesiredJsonContext : JsonSerializerContext;
