using System.Text.Json.Serialization;

namespace McpSaas.Schema.Validation;

/// <summary>Parsing the few structured parts of JsonSchema.Net's messages.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SchemaMessagesContext : JsonSerializerContext;
