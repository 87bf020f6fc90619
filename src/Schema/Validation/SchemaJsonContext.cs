using System.Text.Json.Serialization;

namespace McpSaas.Schema.Validation;

/// <summary>Source-generated serialisation for the few values the validator writes as JSON.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;
