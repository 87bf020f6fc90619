using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Platforms.Local;

[JsonSerializable(typeof(string))]
internal sealed partial class RouterJsonContext : JsonSerializerContext;
