using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Validation;

/// <summary>
/// Runs the manifest JSON Schema and turns its errors into diagnostics with a stable code, the YAML position and a
/// message that says how to fix it. One diagnostic per node (a type error hides the others on that node);
/// credential-looking values are never described (they have their own diagnostic).
/// </summary>
internal static partial class SchemaDiagnostics
{
    // Annotations are not collected (the schema uses no unevaluated* keyword that would need them): the error list
    // comes out 2-3 times faster, which matters for a document of 1,600 tool uses.
    private static readonly EvaluationOptions Flag = FlagOptions();
    private static readonly EvaluationOptions List = ListOptions();

    /// <summary>Where a node sits in the manifest, as far as messages and codes care.</summary>
    private enum Place
    {
        Other,
        Root,
        ApiVersion,
        Kind,
        Metadata,
        Name,
        Description,
        Labels,
        Spec,
        Plan,
        Tools,
        ToolItem,
        Use,
        As,
        With,
        Setting,
        Secrets,
        SecretValue,
        Access,
        RateLimit,
    }

    public static void Check(DocumentContext ctx)
    {
        if (ctx.Schema.Schema.Evaluate(ctx.Json, Flag).IsValid)
        {
            return;
        }

        var results = ctx.Schema.Schema.Evaluate(ctx.Json, List);
        var errors = new List<(int Rank, string Pointer, string Keyword, string Message)>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null || InsideIf(detail.EvaluationPath.ToString()))
            {
                continue;
            }

            var evaluationPath = detail.EvaluationPath.ToString();
            foreach (var (key, message) in detail.Errors)
            {
                var keyword = key.Length > 0 ? key : evaluationPath[(evaluationPath.LastIndexOf('/') + 1)..];
                errors.Add((Rank(keyword), detail.InstanceLocation.ToString(), keyword, message));
            }
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, pointer, keyword, message) in errors.OrderBy(e => e.Rank))
        {
            var segments = Segments(pointer);
            if (keyword is "required")
            {
                Required(ctx, segments, message);
            }
            else if (keyword is "additionalProperties")
            {
                Unknown(ctx, segments);
            }
            else if (done.Add(pointer))
            {
                Value(ctx, segments, keyword, message);
            }
        }
    }

    private static EvaluationOptions FlagOptions()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag };
        options.IgnoreAllAnnotations();
        return options;
    }

    private static EvaluationOptions ListOptions()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        options.IgnoreAllAnnotations();
        return options;
    }

    private static int Rank(string keyword) => keyword switch
    {
        "type" => 0,
        "const" or "enum" => 1,
        _ => 2,
    };

    private static bool InsideIf(string evaluationPath)
    {
        var parts = evaluationPath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i] == "if" && parts[i - 1] != "properties")
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Segments(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static Place PlaceOf(IReadOnlyList<string> s) => s.Count switch
    {
        0 => Place.Root,
        1 => s[0] switch
        {
            "apiVersion" => Place.ApiVersion,
            "kind" => Place.Kind,
            "metadata" => Place.Metadata,
            "spec" => Place.Spec,
            _ => Place.Other,
        },
        2 when s[0] == "metadata" => s[1] switch
        {
            "name" => Place.Name,
            "description" => Place.Description,
            "labels" => Place.Labels,
            _ => Place.Other,
        },
        2 when s[0] == "spec" => s[1] switch
        {
            "plan" => Place.Plan,
            "tools" => Place.Tools,
            "access" => Place.Access,
            _ => Place.Other,
        },
        3 when s[0] == "spec" && s[1] == "tools" => Place.ToolItem,
        3 when s[0] == "spec" && s[1] == "access" && s[2] == "rateLimitPerMinute" => Place.RateLimit,
        4 when s[0] == "spec" && s[1] == "tools" => s[3] switch
        {
            "use" => Place.Use,
            "as" => Place.As,
            "with" => Place.With,
            "secrets" => Place.Secrets,
            _ => Place.Other,
        },
        >= 5 when s[0] == "spec" && s[1] == "tools" && s[3] == "with" => Place.Setting,
        5 when s[0] == "spec" && s[1] == "tools" && s[3] == "secrets" => Place.SecretValue,
        _ => Place.Other,
    };

    private static ToolDefinition? ToolOf(DocumentContext ctx, IReadOnlyList<string> s) =>
        s.Count >= 3 && int.TryParse(s[2], out var i) && ctx.String("spec", "tools", i, "use") is { } id && ctx.Schema.Catalog.TryGet(id, out var tool)
            ? tool
            : null;

    private static void Required(DocumentContext ctx, string[] segments, string message)
    {
        var at = ctx.LocatePointer(segments);
        if (at.IsFlagged(ctx.Flagged))
        {
            return;
        }

        var place = PlaceOf(segments);
        var tool = ToolOf(ctx, segments);
        foreach (var name in MissingNames(message))
        {
            var docPath = DocPath.Append(at.DocPath, name);
            var (code, text) = place switch
            {
                Place.With => (DiagnosticCodes.MissingSetting, $"missing required setting '{name}' of tool '{tool?.Id}'"),
                Place.Secrets => (DiagnosticCodes.MissingSecret,
                    $"missing required secret input '{name}' of tool '{tool?.Id}': map it to a secret reference (`{name}: NAME`, NAME stored with `mcpsaas secrets set ORG NAME`)"),
                Place.ToolItem when name == "with" => (DiagnosticCodes.MissingSetting,
                    $"tool '{tool?.Id}' needs settings under `with:` (required: {string.Join(", ", RequiredSettings(tool))})"),
                Place.ToolItem when name == "secrets" => (DiagnosticCodes.MissingSecret,
                    $"tool '{tool?.Id}' needs `secrets:` (required secret inputs: {string.Join(", ", tool?.Secrets.Where(s => s.Required).Select(s => s.Name) ?? [])})"),
                _ => (DiagnosticCodes.MissingField, $"required field '{name}' is missing"),
            };
            ctx.Add(code, at.AtKey, text, docPath);
        }
    }

    private static IEnumerable<string> RequiredSettings(ToolDefinition? tool)
    {
        if (tool is null)
        {
            return [];
        }

        using var doc = JsonDocument.Parse(tool.SettingsSchemaJson);
        return doc.RootElement.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
    }

    private static string[] MissingNames(string message)
    {
        // JsonSchema.Net 8: Required properties ["a","b"] are not present
        var m = RequiredMessage().Match(message);
        if (m.Success)
        {
            try
            {
                return JsonSerializer.Deserialize(m.Groups[1].Value, SchemaMessagesContext.Default.StringArray) ?? [];
            }
            catch (JsonException)
            {
            }
        }

        return ["?"];
    }

    private static void Unknown(DocumentContext ctx, string[] segments)
    {
        var at = ctx.LocatePointer(segments);
        if (!at.Found || at.IsFlagged(ctx.Flagged))
        {
            return;
        }

        var name = segments[^1];
        var parent = segments[..^1];
        var tool = ToolOf(ctx, segments);
        switch (PlaceOf(parent))
        {
            case Place.With:
                var settings = tool?.SettingNames() ?? [];
                ctx.Add(DiagnosticCodes.UnknownSetting, at.AtKey,
                    $"unknown setting '{name}' of tool '{tool?.Id}'{Suggestions.DidYouMean(name, settings)}; "
                    + (settings.Count == 0 ? "this tool takes no settings" : $"its settings: {string.Join(", ", settings)}"));
                break;
            case Place.Secrets:
                var inputs = tool?.Secrets.Select(s => s.Name).ToList() ?? [];
                ctx.Add(DiagnosticCodes.UnknownSecret, at.AtKey,
                    $"unknown secret input '{name}' of tool '{tool?.Id}'{Suggestions.DidYouMean(name, inputs)}; "
                    + (inputs.Count == 0 ? "this tool takes no secrets" : $"its secret inputs: {string.Join(", ", inputs)}"));
                break;
            default:
                var known = PlaceOf(parent) switch
                {
                    Place.Root => ctx.Schema.RootFields,
                    Place.Metadata => ctx.Schema.MetadataFields,
                    Place.Spec => ctx.Schema.SpecFields,
                    Place.Access => ctx.Schema.AccessFields,
                    Place.ToolItem => ctx.Schema.ToolUseFields,
                    _ => [],
                };
                var suggestion = Suggestions.Closest(name, known);
                ctx.Add(DiagnosticCodes.UnknownField, at.AtKey,
                    suggestion is not null
                        ? $"unknown field '{name}' (did you mean '{suggestion}'?)"
                        : $"unknown field '{name}'" + (known.Count > 0 ? $"; known fields here: {string.Join(", ", known)}" : ""));
                break;
        }
    }

    private static void Value(DocumentContext ctx, string[] segments, string keyword, string message)
    {
        var at = ctx.LocatePointer(segments);
        if (at.IsFlagged(ctx.Flagged))
        {
            return;
        }

        var place = PlaceOf(segments);
        var value = ctx.ValueAt(at.Segments) ?? ctx.Json;

        if (keyword == "type")
        {
            var expected = ExpectedType(message);
            var code = place switch
            {
                Place.Setting => DiagnosticCodes.InvalidSetting,
                Place.SecretValue => DiagnosticCodes.InvalidSecretReference,
                _ => DiagnosticCodes.WrongType,
            };
            var hint = expected == "string" && value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null
                ? " (quote it to make it a string)"
                : expected == "boolean" && value.ValueKind == JsonValueKind.String ? " (write true or false)" : "";
            var what = place == Place.SecretValue ? "a secret reference must be a name (a string)" : $"expected {Describe(expected)}, got {Describe(value)}{hint}";
            ctx.Add(code, at, what);
            return;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var shown = text.Length <= 60 && !text.Contains('\n', StringComparison.Ordinal) ? $"'{text}'" : "the value";
        switch (place)
        {
            case Place.ApiVersion:
                ctx.Add(DiagnosticCodes.ApiVersion, at, $"must be '{ManifestRules.ApiVersion}', not {shown}");
                return;
            case Place.Kind:
                ctx.Add(DiagnosticCodes.Kind, at, $"must be '{ManifestRules.Kind}', not {shown}");
                return;
            case Place.Name:
                ctx.Add(DiagnosticCodes.Name, at,
                    $"{shown} is not a valid server name: 1–40 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'");
                return;
            case Place.Description:
                ctx.Add(DiagnosticCodes.DescriptionTooLong, at,
                    $"is {text.Length} characters long; a description may have at most {ManifestRules.DescriptionMaxLength}");
                return;
            case Place.Plan:
                ctx.Add(DiagnosticCodes.UnknownPlan, at,
                    $"unknown plan {shown}{Suggestions.DidYouMean(text, PlanTierNames.All)}: use {string.Join(", ", PlanTierNames.All)}");
                return;
            case Place.Use:
                Use(ctx, at, text);
                return;
            case Place.As:
                ctx.Add(DiagnosticCodes.InvalidAlias, at,
                    $"{shown} is not a valid alias: 1–31 characters, a lowercase letter then lowercase letters or digits (like a tool id)");
                return;
            case Place.SecretValue:
                ctx.Add(DiagnosticCodes.InvalidSecretReference, at,
                    "is not a valid secret reference: a secret reference is the name of a secret in the org's secret store, 1–63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit (`mcpsaas secrets set ORG NAME`)");
                return;
            case Place.Tools when keyword == "minItems":
                ctx.Add(DiagnosticCodes.NoTools, at, "at least one tool is needed, e.g. `- use: fetch`");
                return;
            case Place.RateLimit:
                ctx.Add(DiagnosticCodes.InvalidValue, at, "must be a positive whole number of calls per minute");
                return;
            case Place.Setting:
                Setting(ctx, at, segments, keyword, message, shown);
                return;
            default:
                ctx.Add(DiagnosticCodes.InvalidValue, at, Lower(message));
                return;
        }
    }

    private static void Use(DocumentContext ctx, Location at, string id)
    {
        if (ctx.Schema.Catalog.TryGet(id, out var tool) && tool.Internal && !ctx.Schema.IncludesInternalTools)
        {
            ctx.Add(DiagnosticCodes.InternalTool, at, $"tool '{id}' is internal ({tool.Title}) and not offered to users");
            return;
        }

        var offered = ctx.Schema.Catalog.Tools.Where(t => ctx.Schema.IncludesInternalTools || !t.Internal).Select(t => t.Id).ToList();
        var shown = id.Length <= 40 ? $"'{id}'" : "(a long value)";
        ctx.Add(DiagnosticCodes.UnknownTool, at,
            Suggestions.Closest(id, offered) is { } s
                ? $"unknown tool {shown} (did you mean '{s}'?)"
                : $"unknown tool {shown}; the catalog has: {string.Join(", ", offered)}");
    }

    private static void Setting(DocumentContext ctx, Location at, string[] segments, string keyword, string message, string shown)
    {
        var tool = ToolOf(ctx, segments);
        var schema = tool is null ? null : SettingSchema(tool, segments.AsSpan(4));
        string? Get(string name) => schema is { } s && s.TryGetProperty(name, out var v) ? v.ToString() : null;
        var about = tool is null ? "" : schema is { } sc && sc.TryGetProperty("description", out var d) ? $" ({d.GetString()})" : "";
        var text = keyword switch
        {
            "pattern" => $"{shown} does not match {Get("pattern") ?? "the expected form"}{about}",
            "enum" => $"{shown} is not one of the allowed values{about}",
            "minimum" => $"must be at least {Get("minimum")}{about}",
            "maximum" => $"must be at most {Get("maximum")}{about}",
            "exclusiveMinimum" => $"must be more than {Get("exclusiveMinimum")}{about}",
            "exclusiveMaximum" => $"must be less than {Get("exclusiveMaximum")}{about}",
            "minItems" => $"needs at least {Get("minItems")} {(Get("minItems") == "1" ? "entry" : "entries")}{about}",
            "maxItems" => $"may have at most {Get("maxItems")} entries{about}",
            "uniqueItems" => $"has duplicate entries{about}",
            "minLength" => $"must have at least {Get("minLength")} characters{about}",
            "maxLength" => $"may have at most {Get("maxLength")} characters{about}",
            "format" => $"{shown} is not a valid {Get("format")}{about}",
            _ => Lower(message) + about,
        };
        ctx.Add(DiagnosticCodes.InvalidSetting, at, text);
    }

    /// <summary>The schema of a setting (or one of its items) inside a tool's settings schema.</summary>
    private static JsonElement? SettingSchema(ToolDefinition tool, ReadOnlySpan<string> path)
    {
        var schema = JsonDocument.Parse(tool.SettingsSchemaJson).RootElement;
        foreach (var segment in path)
        {
            if (schema.TryGetProperty("properties", out var props) && props.TryGetProperty(segment, out var p))
            {
                schema = p;
            }
            else if (int.TryParse(segment, CultureInfo.InvariantCulture, out _) && schema.TryGetProperty("items", out var items))
            {
                schema = items;
            }
            else
            {
                return null;
            }
        }

        return schema;
    }

    private static string ExpectedType(string message)
    {
        var m = TypeMessage().Match(message);
        return m.Success ? m.Groups[1].Value : "another type";
    }

    private static string Describe(string jsonType) => jsonType switch
    {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "a boolean (true or false)",
        "null" => "nothing",
        _ => jsonType,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "a whole number" : "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "nothing (an empty value)",
        _ => "a value",
    };

    private static string Lower(string message) =>
        message.Length == 0 ? "invalid value" : char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');

    [GeneratedRegex(@"Required properties (\[.*\]) are not present")]
    private static partial Regex RequiredMessage();

    [GeneratedRegex(@"should be ""([a-z]+)")]
    private static partial Regex TypeMessage();
}
