using System.Text.Json;
using McpSaas.Schema.Collections;

namespace McpSaas.Schema.Catalog;

/// <summary>One entry of the tool catalog: the typed form of <c>worker-runtime/tools/&lt;id&gt;/tool.json</c>.</summary>
public sealed record ToolDefinition
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string Category { get; init; }

    /// <summary>Needs plan <c>pro</c> or above.</summary>
    public required bool Premium { get; init; }

    /// <summary>Never offered to users (conformance fixtures).</summary>
    public required bool Internal { get; init; }

    /// <summary>JSON Schema 2020-12 of the tool's <c>with:</c> settings, as raw JSON text.</summary>
    public required string SettingsSchemaJson { get; init; }

    public required ValueArray<SecretInput> Secrets { get; init; }

    public required ValueArray<McpToolDefinition> Tools { get; init; }

    /// <summary>Default upstream hosts an <c>apiBaseUrl</c> may point at.</summary>
    public required ValueArray<string> AllowedApiHosts { get; init; }

    /// <summary>The settings schema as a parsed element (a fresh, independent copy).</summary>
    public JsonElement SettingsSchema() => JsonDocument.Parse(SettingsSchemaJson).RootElement.Clone();

    /// <summary>Setting names the tool accepts under <c>with:</c>.</summary>
    public IReadOnlyList<string> SettingNames()
    {
        using var doc = JsonDocument.Parse(SettingsSchemaJson);
        return doc.RootElement.TryGetProperty("properties", out var props)
            ? [.. props.EnumerateObject().Select(p => p.Name)]
            : [];
    }

    /// <summary>The MCP tools visible with the given <c>readOnly</c> setting (writers hidden when on).</summary>
    public IEnumerable<McpToolDefinition> VisibleTools(bool readOnly) =>
        readOnly ? Tools.Where(t => !t.Writes) : Tools;

    /// <summary>The default of the tool's <c>readOnly</c> setting (false when the tool has none).</summary>
    public bool ReadOnlyDefault()
    {
        using var doc = JsonDocument.Parse(SettingsSchemaJson);
        return doc.RootElement.TryGetProperty("properties", out var props)
            && props.TryGetProperty("readOnly", out var ro)
            && ro.TryGetProperty("default", out var def)
            && def.ValueKind == JsonValueKind.True;
    }
}
