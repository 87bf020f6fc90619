using System.Text.Json.Serialization;

namespace McpSaas.Cli.Output;

/// <summary>Source-generated JSON for the CLI's <c>--json</c> outputs: camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SecretsListJson))]
[JsonSerializable(typeof(UsageJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
