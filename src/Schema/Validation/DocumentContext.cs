using System.Text.Json;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Validation;

/// <summary>What the checks of one document share: the YAML tree (positions), its JSON form (values), what was found so far.</summary>
internal sealed class DocumentContext(string path, YNode root, JsonElement json, WalkResult walk, ManifestLoadOptions options, CompiledManifestSchema schema)
{
    public string Path { get; } = path;

    public YNode Root { get; } = root;

    public JsonElement Json { get; } = json;

    public ManifestLoadOptions Options { get; } = options;

    public CompiledManifestSchema Schema { get; } = schema;

    public IReadOnlySet<YNode> Flagged { get; } = walk.Flagged;

    public List<Diagnostic> Diagnostics { get; } = [.. walk.Diagnostics];

    /// <summary>JSON pointers (as typed segment paths) of nodes that already have an error; later checks skip them.</summary>
    public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

    private const int SmallArray = 16;
    private readonly Dictionary<string, JsonElement[]> _arrays = new(StringComparer.Ordinal);

    public void Add(string code, Location at, string message, string? docPath = null)
    {
        Diagnostics.Add(new Diagnostic(Path, at.Line, at.Column, Severity.Error, code, docPath ?? at.DocPath, message));
        Failed.Add(at.DocPath);
    }

    public bool HasFailed(Location at) => Failed.Contains(at.DocPath);

    /// <summary>Finds the YAML node of a JSON pointer's segments (first occurrence of duplicate keys, as in the JSON).</summary>
    public Location LocatePointer(IReadOnlyList<string> segments)
    {
        YNode node = Root;
        YNode? key = null;
        var typed = new List<object>(segments.Count);
        foreach (var segment in segments)
        {
            switch (node.Target)
            {
                case YMapping mapping:
                    var entry = mapping.Find(segment);
                    if (entry is null)
                    {
                        return new Location(node, key, DocPath.Format(typed), typed, Found: false);
                    }

                    typed.Add(segment);
                    key = entry.Key;
                    node = entry.Value;
                    break;
                case YSequence sequence when int.TryParse(segment, out var index) && index >= 0 && index < sequence.Items.Count:
                    typed.Add(index);
                    key = null;
                    node = sequence.Items[index];
                    break;
                default:
                    return new Location(node, key, DocPath.Format(typed), typed, Found: false);
            }
        }

        return new Location(node, key, DocPath.Format(typed), typed, Found: true);
    }

    public Location Locate(params object[] segments) => LocatePointer([.. segments.Select(s => Convert.ToString(s, System.Globalization.CultureInfo.InvariantCulture)!)]);

    /// <summary>The JSON value at a path, if present.</summary>
    public JsonElement? Value(params object[] segments) => ValueAt(segments);

    /// <summary>The JSON value at a path of <c>string</c> keys and <c>int</c> indexes, if present.</summary>
    public JsonElement? ValueAt(IReadOnlyList<object> segments)
    {
        var e = Json;
        for (var k = 0; k < segments.Count; k++)
        {
            var segment = segments[k];
            if (segment is int i)
            {
                if (e.ValueKind != JsonValueKind.Array || i < 0 || i >= e.GetArrayLength())
                {
                    return null;
                }

                e = e.GetArrayLength() <= SmallArray ? e[i] : Items(segments, k, e)[i];
            }
            else if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty((string)segment, out e))
            {
                return null;
            }
        }

        return e;
    }

    /// <summary>
    /// The elements of a large array, enumerated once: <c>JsonElement[i]</c> walks the array from its start when the
    /// elements are mappings, so checking each of 3,000 tool uses would be quadratic.
    /// </summary>
    private JsonElement[] Items(IReadOnlyList<object> segments, int count, JsonElement array)
    {
        var key = string.Join('\u0001', segments.Take(count));
        if (!_arrays.TryGetValue(key, out var items))
        {
            _arrays[key] = items = [.. array.EnumerateArray()];
        }

        return items;
    }

    /// <summary>The string at a path, or null.</summary>
    public string? String(params object[] segments) => Value(segments) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}
