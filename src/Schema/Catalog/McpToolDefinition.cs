using System.Text.Json;

namespace McpSaas.Schema.Catalog;

/// <summary>One MCP tool a catalog tool exposes (name without alias prefix).</summary>
public sealed record McpToolDefinition
{
    public required string Name { get; init; }

    public string? Title { get; init; }

    public required string Description { get; init; }

    /// <summary>The JSON Schema of the tool's arguments, as raw JSON text.</summary>
    public required string InputSchemaJson { get; init; }

    public required ToolAnnotations Annotations { get; init; }

    /// <summary>Changes state upstream: hidden when the tool's <c>readOnly</c> setting is on.</summary>
    public required bool Writes { get; init; }

    /// <summary>The input schema as a parsed element (a fresh, independent copy).</summary>
    public JsonElement InputSchema() => JsonDocument.Parse(InputSchemaJson).RootElement.Clone();

    /// <summary>The name a client sees: <c>{alias}_{name}</c> when the alias differs from the tool id.</summary>
    public string ExposedName(string toolId, string? alias) =>
        alias is null || alias == toolId ? Name : $"{alias}_{Name}";
}
