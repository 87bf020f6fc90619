using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Usage;

/// <summary>Source-generated JSON for the usage endpoint's wire types.</summary>
[JsonSerializable(typeof(UsageReply))]
[JsonSerializable(typeof(UsageErrorBody))]
[JsonSerializable(typeof(WorkerUsageStatus))]
public sealed partial class UsageJsonContext : JsonSerializerContext;
