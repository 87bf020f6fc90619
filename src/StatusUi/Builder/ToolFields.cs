using System.Text.Json;
using McpSaas.Schema.Catalog;

namespace McpSaas.StatusUi.Builder;

/// <summary>The form fields of a catalog tool, read from its settings schema (JSON Schema 2020-12) and secret inputs.</summary>
public static class ToolFields
{
    public static IReadOnlyList<SettingField> Settings(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        using var doc = JsonDocument.Parse(tool.SettingsSchemaJson);
        var root = doc.RootElement;
        var required = root.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        if (!root.TryGetProperty("properties", out var properties))
        {
            return [];
        }

        var fields = new List<SettingField>();
        foreach (var property in properties.EnumerateObject())
        {
            var schema = property.Value;
            var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var kind = type switch
            {
                "boolean" => SettingKind.Boolean,
                "integer" => SettingKind.Integer,
                "array" => SettingKind.List,
                _ when schema.TryGetProperty("format", out var f) && f.GetString() == "uri" => SettingKind.Url,
                _ => SettingKind.Text,
            };
            fields.Add(new SettingField(
                property.Name,
                kind,
                required.Contains(property.Name),
                schema.TryGetProperty("default", out var d) ? d.GetRawText() : null,
                schema.TryGetProperty("description", out var desc) ? desc.GetString() ?? "" : "",
                schema.TryGetProperty("enum", out var e) ? [.. e.EnumerateArray().Select(v => v.GetString() ?? v.GetRawText())] : []));
        }

        return fields;
    }

    /// <summary>How a kind is written for people.</summary>
    public static string TypeLabel(SettingKind kind) => kind switch
    {
        SettingKind.Boolean => "boolean",
        SettingKind.Integer => "integer",
        SettingKind.List => "list of strings",
        SettingKind.Url => "URL",
        _ => "string",
    };

    /// <summary>The secret name suggested for a tool's secret input: <c>slack-bot-token</c>, <c>github-token</c>.</summary>
    public static string SuggestedSecretName(string toolId, string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in input)
        {
            if (char.IsUpper(c) && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            current.Append(char.ToLowerInvariant(c));
        }

        words.Add(current.ToString());
        var name = $"{toolId}-{string.Join('-', words)}";
        return name.StartsWith($"{toolId}-{toolId}", StringComparison.Ordinal) ? name[(toolId.Length + 1)..] : name;
    }

    /// <summary>An example value for a required setting, so a pasted snippet validates (a host for host lists).</summary>
    public static SettingValue Example(SettingField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var hosty = field.Name.Contains("host", StringComparison.OrdinalIgnoreCase);
        return field.Kind switch
        {
            SettingKind.Boolean => SettingValue.Boolean(false),
            SettingKind.Integer => SettingValue.Integer(1),
            SettingKind.List => SettingValue.List([hosty ? "example.com" : "example"]),
            SettingKind.Url => SettingValue.Text("https://example.com"),
            _ => SettingValue.Text(hosty ? "example.com" : "example"),
        };
    }
}
