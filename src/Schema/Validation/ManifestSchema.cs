using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Validation;

/// <summary>
/// The JSON Schema (2020-12) of <c>mcp.yaml</c>, built in code from <see cref="ManifestRules"/> and the tool catalog
/// (each tool's settings and secret inputs folded in as <c>if use = ID then with/secrets: …</c>). The loader
/// validates with exactly this schema; <c>schemas/mcp.schema.json</c> is its published form
/// (<see cref="PublishedJson"/>; a test keeps the committed file equal to it).
/// </summary>
public static class ManifestSchema
{
    private static readonly ConcurrentDictionary<(ToolCatalog Catalog, bool Internal), Lazy<CompiledManifestSchema>> Compiled = new();

    /// <summary>The schema as a JSON tree. Internal tools are left out unless <paramref name="includeInternalTools"/>.</summary>
    public static JsonObject Build(ToolCatalog catalog, bool includeInternalTools = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var tools = catalog.Tools.Where(t => includeInternalTools || !t.Internal).ToList();

        var defs = new JsonObject
        {
            ["toolUse"] = ToolUse(tools),
            ["secretReference"] = new JsonObject
            {
                ["description"] = "The name of a secret in the org's secret store (`mcpsaas secrets set ORG NAME`), never the secret's value.",
                ["type"] = "string",
                ["pattern"] = ManifestRules.SecretReferencePattern,
            },
        };
        foreach (var tool in tools)
        {
            var settings = JsonNode.Parse(tool.SettingsSchemaJson)!.AsObject();
            settings.Insert(0, "description", $"Settings of the '{tool.Id}' tool ({tool.Title}).");
            defs[$"settings-{tool.Id}"] = settings;
            defs[$"secrets-{tool.Id}"] = Secrets(tool);
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = ManifestRules.SchemaId,
            ["title"] = "McpSaas server manifest (mcp.yaml, apiVersion mcpsaas.dev/v1)",
            ["description"] = "One hosted MCP server. Generated from the validator's rules and the tool catalog: do not edit; regenerate with MCPSAAS_REGENERATE=1 ./scripts/test Schema.Tests.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = Array("apiVersion", "kind", "metadata", "spec"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["description"] = "Manifest format version.", ["const"] = ManifestRules.ApiVersion },
                ["kind"] = new JsonObject { ["description"] = "What this document declares.", ["const"] = ManifestRules.Kind },
                ["metadata"] = Metadata(),
                ["spec"] = Spec(),
            },
            ["$defs"] = defs,
        };
    }

    /// <summary>The published schema text (<c>schemas/mcp.schema.json</c>): public tools only, 2-space indented, LF, final newline.</summary>
    public static string PublishedJson(ToolCatalog? catalog = null)
    {
        var json = Build(catalog ?? ToolCatalog.Default).ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2, NewLine = "\n" });
        return json + "\n";
    }

    /// <summary>The compiled schema for a catalog, built once per process and variant (JsonSchema.Net building is costly).</summary>
    internal static CompiledManifestSchema For(ToolCatalog catalog, bool includeInternalTools) =>
        Compiled.GetOrAdd((catalog, includeInternalTools), key => new Lazy<CompiledManifestSchema>(() => Compile(key.Catalog, key.Internal))).Value;

    private static CompiledManifestSchema Compile(ToolCatalog catalog, bool includeInternalTools)
    {
        var json = Build(catalog, includeInternalTools);
        using var doc = JsonDocument.Parse(json.ToJsonString());
        // A private registry: the schema's $id would clash in the global one when built twice (two variants).
        var schema = JsonSchema.Build(doc.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return new CompiledManifestSchema(schema, json, catalog, includeInternalTools);
    }

    private static JsonObject Metadata() => new()
    {
        ["description"] = "Who this server is.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Array("name"),
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject
            {
                ["description"] = "Server name, unique in the repository: 1–40 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-'.",
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = ManifestRules.NameMaxLength,
                ["pattern"] = ManifestRules.NamePattern,
            },
            ["description"] = new JsonObject
            {
                ["description"] = "What the server is for (at most 280 characters).",
                ["type"] = "string",
                ["maxLength"] = ManifestRules.DescriptionMaxLength,
            },
            ["labels"] = new JsonObject
            {
                ["description"] = "Free-form string labels.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            },
        },
    };

    private static JsonObject Spec() => new()
    {
        ["description"] = "What the server offers.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Array("plan", "tools"),
        ["properties"] = new JsonObject
        {
            ["plan"] = new JsonObject
            {
                ["description"] = "The plan tier this server is sized for (tools per server, premium tools, calls per minute); capped by the org's entitlement.",
                ["type"] = "string",
                ["enum"] = Array([.. PlanTierNames.All]),
            },
            ["suspended"] = new JsonObject
            {
                ["description"] = "Keep the server deployed but answer every MCP request with a 'server suspended' error.",
                ["type"] = "boolean",
                ["default"] = false,
            },
            ["tools"] = new JsonObject
            {
                ["description"] = "Tools of the catalog this server exposes (at least one).",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = new JsonObject { ["$ref"] = "#/$defs/toolUse" },
            },
            ["access"] = new JsonObject
            {
                ["description"] = "Access limits.",
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject
                {
                    ["rateLimitPerMinute"] = new JsonObject
                    {
                        ["description"] = "tools/call requests per minute; never above the plan's limit (free 60, pro 600).",
                        ["type"] = "integer",
                        ["minimum"] = 1,
                    },
                },
            },
        },
    };

    private static JsonObject ToolUse(List<ToolDefinition> tools)
    {
        var conditions = new JsonArray();
        foreach (var tool in tools)
        {
            var then = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["with"] = new JsonObject { ["$ref"] = $"#/$defs/settings-{tool.Id}" },
                    ["secrets"] = new JsonObject { ["$ref"] = $"#/$defs/secrets-{tool.Id}" },
                },
            };
            var required = new JsonArray();
            if (HasRequiredSettings(tool))
            {
                required.Add("with");
            }

            if (tool.Secrets.Any(s => s.Required))
            {
                required.Add("secrets");
            }

            if (required.Count > 0)
            {
                then["required"] = required;
            }

            conditions.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["use"] = new JsonObject { ["const"] = tool.Id } },
                    ["required"] = Array("use"),
                },
                ["then"] = then,
            });
        }

        return new JsonObject
        {
            ["description"] = "One tool of the catalog, with its settings and secret references.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = Array("use"),
            ["properties"] = new JsonObject
            {
                ["use"] = new JsonObject
                {
                    ["description"] = "A tool id of the catalog.",
                    ["type"] = "string",
                    ["enum"] = Array([.. tools.Select(t => t.Id)]),
                },
                ["as"] = new JsonObject
                {
                    ["description"] = "Alias, needed only to use the same tool twice: 1–31 characters, a lowercase letter then lowercase letters or digits. Exposed MCP tool names are prefixed with it (gh_search_code).",
                    ["type"] = "string",
                    ["pattern"] = ManifestRules.AliasPattern,
                },
                ["with"] = new JsonObject { ["description"] = "Tool settings, checked against the tool's own schema.", ["type"] = "object" },
                ["secrets"] = new JsonObject
                {
                    ["description"] = "Tool secret inputs mapped to secret references (names in the org's secret store).",
                    ["type"] = "object",
                    ["additionalProperties"] = new JsonObject { ["$ref"] = "#/$defs/secretReference" },
                },
            },
            // One test of `use` against the catalog first: an unknown id (already an error of `use`) then costs one
            // condition, not one per catalog tool (a document of 1,600 unknown tool uses stays fast to check).
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { ["use"] = new JsonObject { ["enum"] = Array([.. tools.Select(t => t.Id)]) } },
                ["required"] = Array("use"),
            },
            ["then"] = new JsonObject { ["allOf"] = conditions },
        };
    }

    private static JsonObject Secrets(ToolDefinition tool)
    {
        var properties = new JsonObject();
        foreach (var secret in tool.Secrets)
        {
            properties[secret.Name] = new JsonObject { ["$ref"] = "#/$defs/secretReference", ["description"] = secret.Description };
        }

        var schema = new JsonObject
        {
            ["description"] = tool.Secrets.Count == 0 ? $"The '{tool.Id}' tool takes no secrets." : $"Secret inputs of the '{tool.Id}' tool.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        var required = tool.Secrets.Where(s => s.Required).Select(s => s.Name).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = Array(required);
        }

        return schema;
    }

    internal static bool HasRequiredSettings(ToolDefinition tool)
    {
        using var doc = JsonDocument.Parse(tool.SettingsSchemaJson);
        return doc.RootElement.TryGetProperty("required", out var r) && r.GetArrayLength() > 0;
    }

    private static JsonArray Array(params string[] items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}
