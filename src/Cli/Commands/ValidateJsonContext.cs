using System.Text.Json.Serialization;

namespace McpSaas.Cli.Commands;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ValidateJson))]
internal sealed partial class ValidateJsonContext : JsonSerializerContext;
