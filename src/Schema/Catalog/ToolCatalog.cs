using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;

namespace McpSaas.Schema.Catalog;

/// <summary>
/// The tool catalog: every <c>tool.json</c> of <c>worker-runtime/tools</c>, embedded at build time.
/// Immutable; <see cref="Default"/> is loaded once per process.
/// </summary>
public sealed class ToolCatalog
{
    private const string ResourcePrefix = "catalog/";

    private static readonly Lazy<ToolCatalog> LazyDefault = new(LoadEmbedded);

    private readonly FrozenDictionary<string, ToolDefinition> _byId;

    private ToolCatalog(IEnumerable<ToolDefinition> tools)
    {
        Tools = [.. tools.OrderBy(t => t.Id, StringComparer.Ordinal)];
        _byId = Tools.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>The catalog built into this assembly.</summary>
    public static ToolCatalog Default => LazyDefault.Value;

    /// <summary>Every tool, internal ones included, ordered by id.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; }

    /// <summary>The tools offered to users (internal ones left out).</summary>
    public IEnumerable<ToolDefinition> PublicTools => Tools.Where(t => !t.Internal);

    public bool TryGet(string id, [NotNullWhen(true)] out ToolDefinition? tool) => _byId.TryGetValue(id, out tool);

    public ToolDefinition this[string id] =>
        _byId.TryGetValue(id, out var tool) ? tool : throw new KeyNotFoundException($"no tool '{id}' in the catalog");

    /// <summary>Builds a catalog from <c>(file name, JSON text)</c> pairs; throws on a malformed entry (a build defect).</summary>
    public static ToolCatalog FromJson(IEnumerable<(string Source, string Json)> entries)
    {
        var tools = new List<ToolDefinition>();
        foreach (var (source, json) in entries)
        {
            var tool = ToolDefinitionReader.Read(source, json);
            if (tools.Any(t => t.Id == tool.Id))
            {
                throw new InvalidDataException($"{source}: duplicate tool id '{tool.Id}' in the catalog");
            }

            tools.Add(tool);
        }

        return new ToolCatalog(tools);
    }

    /// <summary>The raw <c>tool.json</c> texts embedded in this assembly, by resource name.</summary>
    public static IReadOnlyList<(string Source, string Json)> EmbeddedJson()
    {
        var assembly = typeof(ToolCatalog).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, ReadResource(assembly, n)))];
    }

    /// <summary>The JSON Schema (2020-12) every <c>tool.json</c> follows.</summary>
    public static string ToolJsonSchema() => ReadResource(typeof(ToolCatalog).Assembly, "schemas/tool.schema.json");

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ToolCatalog LoadEmbedded()
    {
        var entries = EmbeddedJson();
        if (entries.Count == 0)
        {
            throw new InvalidOperationException("the tool catalog is empty: worker-runtime/tools/*/tool.json were not embedded at build time");
        }

        return FromJson(entries);
    }
}
