using System.Buffers;
using System.Text;
using System.Text.Json;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Validation;

/// <summary>Builds the typed model from the JSON form of a document that passed every check.</summary>
internal static class ModelBuilder
{
    public static ServerManifest Build(JsonElement root)
    {
        var metadata = root.GetProperty("metadata");
        var spec = root.GetProperty("spec");
        PlanTierNames.TryParse(spec.GetProperty("plan").GetString(), out var plan);
        return new ServerManifest
        {
            Name = metadata.GetProperty("name").GetString()!,
            Description = metadata.TryGetProperty("description", out var d) ? d.GetString() : null,
            Labels = metadata.TryGetProperty("labels", out var labels)
                ? labels.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).OrderBy(p => p.Key, StringComparer.Ordinal).ToValueArray()
                : ValueArray<KeyValuePair<string, string>>.Empty,
            Plan = plan!.Value,
            Suspended = spec.TryGetProperty("suspended", out var s) && s.ValueKind == JsonValueKind.True,
            Tools = spec.GetProperty("tools").EnumerateArray().Select(Tool).ToValueArray(),
            RateLimitPerMinute = spec.TryGetProperty("access", out var access) && access.TryGetProperty("rateLimitPerMinute", out var rate)
                ? rate.GetInt32()
                : null,
        };
    }

    private static ToolUse Tool(JsonElement item) => new()
    {
        Use = item.GetProperty("use").GetString()!,
        As = item.TryGetProperty("as", out var a) ? a.GetString() : null,
        SettingsJson = item.TryGetProperty("with", out var with) ? Canonical(with) : "{}",
        Secrets = item.TryGetProperty("secrets", out var secrets)
            ? secrets.EnumerateObject().Select(p => new SecretBinding(p.Name, p.Value.GetString()!)).OrderBy(b => b.Input, StringComparer.Ordinal).ToValueArray()
            : ValueArray<SecretBinding>.Empty,
    };

    /// <summary>Compact JSON with object keys sorted (ordinal), so equal settings give equal text.</summary>
    public static string Canonical(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                e.WriteTo(writer);
                break;
        }
    }
}
