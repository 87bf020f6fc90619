using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>Reading request JSON strictly (a wrong type is a 10021) and writing Cloudflare's shapes.</summary>
internal static class FakeJson
{
    public static JsonObject ParseObject(byte[] body, string what)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw FakeApiException.Validation($"{what} is not valid JSON: {e.Message}");
        }

        return node as JsonObject ?? throw FakeApiException.Validation($"{what} must be a JSON object.");
    }

    public static string? String(JsonObject obj, string field, string where)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw FakeApiException.Validation($"{where}.{field} must be a string.");
    }

    public static bool? Bool(JsonObject obj, string field, string where)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<bool>(out var flag)
            ? flag
            : throw FakeApiException.Validation($"{where}.{field} must be a boolean.");
    }

    public static List<string>? Strings(JsonObject obj, string field, string where)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            throw FakeApiException.Validation($"{where}.{field} must be an array of strings.");
        }

        var list = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw FakeApiException.Validation($"{where}.{field} must be an array of strings.");
            }

            list.Add(text);
        }

        return list;
    }

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonArray Array(IEnumerable<string> items) => [.. items.Select(i => (JsonNode)JsonValue.Create(i))];

    public static string Envelope(JsonNode? result) =>
        new JsonObject { ["success"] = true, ["errors"] = new JsonArray(), ["messages"] = new JsonArray(), ["result"] = result }.ToJsonString();

    public static string Error(int code, string message) =>
        new JsonObject
        {
            ["success"] = false,
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
            ["messages"] = new JsonArray(),
            ["result"] = null,
        }.ToJsonString();
}
