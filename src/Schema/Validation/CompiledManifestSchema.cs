using System.Text.Json.Nodes;
using Json.Schema;
using McpSaas.Schema.Catalog;

namespace McpSaas.Schema.Validation;

/// <summary>A built <see cref="JsonSchema"/> with the JSON it came from (known field names for suggestions).</summary>
internal sealed class CompiledManifestSchema(JsonSchema schema, JsonObject json, ToolCatalog catalog, bool includesInternalTools)
{
    public JsonSchema Schema { get; } = schema;

    public ToolCatalog Catalog { get; } = catalog;

    public bool IncludesInternalTools { get; } = includesInternalTools;

    public IReadOnlyList<string> RootFields { get; } = Names(json["properties"]);

    public IReadOnlyList<string> MetadataFields { get; } = Names(json["properties"]!["metadata"]!["properties"]);

    public IReadOnlyList<string> SpecFields { get; } = Names(json["properties"]!["spec"]!["properties"]);

    public IReadOnlyList<string> AccessFields { get; } = Names(json["properties"]!["spec"]!["properties"]!["access"]!["properties"]);

    public IReadOnlyList<string> ToolUseFields { get; } = Names(json["$defs"]!["toolUse"]!["properties"]);

    private static string[] Names(JsonNode? properties) => [.. properties!.AsObject().Select(p => p.Key)];
}
