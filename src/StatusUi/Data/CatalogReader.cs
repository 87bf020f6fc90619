using McpSaas.Schema.Catalog;
using McpSaas.Schema.Plans;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

/// <summary>The tool catalog (public tools only) as an org sees it: searched, filtered, premium tools locked below pro.</summary>
public static class CatalogReader
{
    public static IReadOnlyList<string> Categories { get; } =
        [.. ToolCatalog.Default.PublicTools.Select(t => t.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static bool IsCategory(string? category) => string.IsNullOrEmpty(category) || Categories.Contains(category, StringComparer.Ordinal);

    /// <summary>Tools whose id, title, description or MCP tool names contain <paramref name="query"/> (any case), in <paramref name="category"/>.</summary>
    public static CatalogView Read(string org, PlanTier tier, string? query, string? category)
    {
        var q = query?.Trim() ?? "";
        var c = category ?? "";
        var tools = ToolCatalog.Default.PublicTools
            .Where(t => c.Length == 0 || t.Category == c)
            .Where(t => q.Length == 0 || Matches(t, q))
            .Select(t => Tool(t, tier))
            .ToList();
        return new CatalogView { Org = org, Tier = tier.ToName(), Query = q, Category = c, Categories = Categories, Tools = tools };
    }

    public static CatalogToolView Tool(ToolDefinition tool, PlanTier tier)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var settings = ToolFields.Settings(tool);
        var required = tool.Premium ? PlanTier.Pro : PlanTier.Free;
        return new CatalogToolView
        {
            Id = tool.Id,
            Title = tool.Title,
            Description = tool.Description,
            Category = tool.Category,
            Premium = tool.Premium,
            Locked = tier < required,
            RequiredPlan = required.ToName(),
            McpTools = [.. tool.Tools.Select(t => new McpToolView(t.Name, t.Description, t.Writes))],
            Settings = [.. settings.Select(s => new SettingView
            {
                Name = s.Name,
                Type = ToolFields.TypeLabel(s.Kind),
                Required = s.Required,
                Default = s.Default,
                Description = s.Description,
            })],
            Secrets = [.. tool.Secrets.Select(s => new SecretInputView(s.Name, s.Required, s.Description, ToolFields.SuggestedSecretName(tool.Id, s.Name)))],
            Snippet = ManifestWriter.WriteToolEntry(new ToolDraft
            {
                Use = tool.Id,
                Settings = [.. settings.Where(s => s.Required).Select(s => new SettingDraft(s.Name, ToolFields.Example(s)))],
                Secrets = [.. tool.Secrets.Where(s => s.Required).Select(s => new KeyValuePair<string, string>(s.Name, ToolFields.SuggestedSecretName(tool.Id, s.Name)))],
            }),
        };
    }

    private static bool Matches(ToolDefinition tool, string query) =>
        tool.Id.Contains(query, StringComparison.OrdinalIgnoreCase)
        || tool.Title.Contains(query, StringComparison.OrdinalIgnoreCase)
        || tool.Description.Contains(query, StringComparison.OrdinalIgnoreCase)
        || tool.Category.Contains(query, StringComparison.OrdinalIgnoreCase)
        || tool.Tools.Any(t => t.Name.Contains(query, StringComparison.OrdinalIgnoreCase));
}
