using System.Text.Json;
using McpSaas.Schema.Collections;

namespace McpSaas.Schema.Catalog;

/// <summary>Reads one <c>tool.json</c> into a <see cref="ToolDefinition"/>. The full shape is checked by tool.schema.json in tests.</summary>
internal static class ToolDefinitionReader
{
    public static ToolDefinition Read(string source, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new ToolDefinition
            {
                Id = String(root, "id"),
                Title = String(root, "title"),
                Description = String(root, "description"),
                Category = String(root, "category"),
                Premium = Bool(root, "premium"),
                Internal = Bool(root, "internal"),
                SettingsSchemaJson = Required(root, "settings").GetRawText(),
                Secrets = Required(root, "secrets").EnumerateObject()
                    .Select(p => new SecretInput(p.Name, Bool(p.Value, "required"), String(p.Value, "description")))
                    .ToValueArray(),
                Tools = Required(root, "tools").EnumerateArray().Select(ReadTool).ToValueArray(),
                AllowedApiHosts = Required(root, "allowedApiHosts").EnumerateArray()
                    .Select(h => h.GetString() ?? throw new InvalidDataException("allowedApiHosts holds a non-string"))
                    .ToValueArray(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{source}: malformed tool.json: {e.Message}", e);
        }
    }

    private static McpToolDefinition ReadTool(JsonElement t)
    {
        var a = Required(t, "annotations");
        return new McpToolDefinition
        {
            Name = String(t, "name"),
            Title = t.TryGetProperty("title", out var title) ? title.GetString() : null,
            Description = String(t, "description"),
            InputSchemaJson = Required(t, "inputSchema").GetRawText(),
            Annotations = new ToolAnnotations(
                a.TryGetProperty("title", out var at) ? at.GetString() : null,
                Bool(a, "readOnlyHint"),
                Bool(a, "destructiveHint"),
                Bool(a, "idempotentHint"),
                Bool(a, "openWorldHint")),
            Writes = Bool(t, "writes"),
        };
    }

    private static JsonElement Required(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"missing '{name}'");

    private static string String(JsonElement e, string name) =>
        Required(e, name).GetString() ?? throw new InvalidDataException($"'{name}' is null");

    private static bool Bool(JsonElement e, string name) => Required(e, name).GetBoolean();
}
