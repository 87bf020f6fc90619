using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Reporting;

/// <summary>
/// The MCP tool-surface diff of a run, per server: the names clients gain and lose (after aliases and
/// <c>readOnly</c>, from the catalog), renames, write tools (from the catalog's annotations), secrets newly needed and
/// whether each is set, and client limits broken. Pure: a function of the result, the secret names the repository
/// sees and the catalog. Nothing secret goes in or out: secrets by reference only.
/// </summary>
public static class ToolSurface
{
    /// <summary>The tools a server's tool uses expose, in catalog order per use; tools of unknown catalog ids are left out.</summary>
    public static ValueArray<ExposedTool> Exposed(ToolCatalog catalog, IEnumerable<ToolSummary> uses)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(uses);
        var exposed = new List<ExposedTool>();
        foreach (var use in uses)
        {
            if (!catalog.TryGet(use.Use, out var tool))
            {
                continue;
            }

            foreach (var mcp in tool.VisibleTools(ReadOnly(tool, use.SettingsJson)))
            {
                exposed.Add(new ExposedTool(mcp.ExposedName(tool.Id, use.Alias), tool.Id, use.Alias, mcp.Name,
                    Writes: !mcp.Annotations.ReadOnlyHint, Destructive: mcp.Annotations.DestructiveHint));
            }
        }

        return exposed.ToValueArray();
    }

    /// <param name="repo">The repository of the run (server ids of manifest documents).</param>
    /// <param name="result">The run.</param>
    /// <param name="setSecrets">Secret names the repository sees in the org's store (names only).</param>
    /// <param name="catalog">The tool catalog.</param>
    public static ValueArray<ServerSurface> Compute(RepoContext repo, ReconcileResult result, IReadOnlySet<string> setSecrets, ToolCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(setSecrets);
        ArgumentNullException.ThrowIfNull(catalog);
        var written = result.Files.SelectMany(f => f.Documents)
            .Where(d => d.Name is not null && (d.Server ?? d.Written) is not null)
            .GroupBy(d => d.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().Server ?? g.First().Written)!, StringComparer.Ordinal);
        var surfaces = new List<ServerSurface>();

        foreach (var change in result.Plan.Changes)
        {
            IEnumerable<ToolSummary>? before = change.Applied?.Tools;
            switch (change.Action)
            {
                case ChangeAction.Delete:
                    surfaces.Add(Diff(change.Id, catalog, before ?? [], [], [], change.Applied, setSecrets, null, SurfaceChange.Removed));
                    break;
                case ChangeAction.Create:
                    surfaces.Add(Diff(change.Id, catalog, [], change.Desired!.Summary.Tools, change.Desired.Manifest.Tools, null, setSecrets, null, SurfaceChange.Added));
                    break;
                default:
                    if (change.Desired is not { } desired)
                    {
                        continue; // kept as deployed (its file cannot be read): nothing is known of what it asks
                    }

                    // Without a record of the last apply the deployed tools are not known: nothing is claimed.
                    surfaces.Add(Diff(change.Id, catalog, before ?? desired.Summary.Tools, desired.Summary.Tools, desired.Manifest.Tools,
                        change.Applied ?? desired.Summary, setSecrets, null, null));
                    break;
            }
        }

        foreach (var stalled in result.Plan.Stalled)
        {
            IEnumerable<ToolSummary> before = stalled.Applied?.Tools ?? ValueArray<ToolSummary>.Empty;
            if (written.TryGetValue(stalled.Id.Name, out var manifest))
            {
                var after = manifest.Tools.Select(t => new ToolSummary(t.Alias, t.Use, t.SettingsJson)).ToList();
                surfaces.Add(Diff(stalled.Id, catalog, before, after, manifest.Tools, stalled.Applied, setSecrets, stalled.Message,
                    stalled.Applied is null ? SurfaceChange.Added : null));
            }
            else
            {
                var exposed = Exposed(catalog, before);
                surfaces.Add(new ServerSurface
                {
                    Id = stalled.Id,
                    Change = SurfaceChange.Unknown,
                    Before = exposed,
                    After = exposed,
                    Gained = ValueArray<ExposedTool>.Empty,
                    Lost = ValueArray<ExposedTool>.Empty,
                    Renamed = ValueArray<ToolRename>.Empty,
                    NewSecrets = ValueArray<SecretNeed>.Empty,
                    Warnings = ValueArray<ClientLimitWarning>.Empty,
                    Blocked = stalled.Message,
                });
            }
        }

        return surfaces.OrderBy(s => s.Id.ToString(), StringComparer.Ordinal).ToValueArray();
    }

    private static ServerSurface Diff(
        Identity.ServerId id, ToolCatalog catalog, IEnumerable<ToolSummary> beforeUses, IEnumerable<ToolSummary> afterUses, IEnumerable<ToolUse> manifestTools,
        DeploymentSummary? applied, IReadOnlySet<string> setSecrets, string? blocked, SurfaceChange? kind)
    {
        var before = Exposed(catalog, beforeUses);
        var after = Exposed(catalog, afterUses);
        var beforeNames = before.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var afterNames = after.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var gained = after.Where(t => !beforeNames.Contains(t.Name)).ToList();
        var lost = before.Where(t => !afterNames.Contains(t.Name)).ToList();

        // The same MCP tool of the same catalog tool under another name: a rename, not a loss and a gain.
        var renamed = new List<ToolRename>();
        foreach (var gone in lost.ToList())
        {
            var moved = gained.FirstOrDefault(g => g.Use == gone.Use && g.Tool == gone.Tool);
            if (moved is not null)
            {
                renamed.Add(new ToolRename(gone, moved));
                lost.Remove(gone);
                gained.Remove(moved);
            }
        }

        var known = (applied?.Secrets ?? ValueArray<SecretSummary>.Empty).Where(s => s.Reference != "usage-token").Select(s => s.Reference).ToHashSet(StringComparer.Ordinal);
        var newSecrets = manifestTools.SelectMany(t => t.Secrets).Select(s => s.Reference).Distinct(StringComparer.Ordinal)
            .Where(r => !known.Contains(r)).Order(StringComparer.Ordinal)
            .Select(r => new SecretNeed(r, setSecrets.Contains(r)))
            .ToValueArray();
        var change = kind ?? (gained.Count + lost.Count + renamed.Count > 0 ? SurfaceChange.Changed : SurfaceChange.Unchanged);
        return new ServerSurface
        {
            Id = id,
            Change = change,
            Before = before,
            After = after,
            Gained = gained.OrderBy(t => t.Name, StringComparer.Ordinal).ToValueArray(),
            Lost = lost.OrderBy(t => t.Name, StringComparer.Ordinal).ToValueArray(),
            Renamed = renamed.OrderBy(r => r.To.Name, StringComparer.Ordinal).ToValueArray(),
            NewSecrets = newSecrets,
            Warnings = change == SurfaceChange.Removed ? ValueArray<ClientLimitWarning>.Empty : ClientLimits.Check(id.Name, after).ToValueArray(),
            Blocked = blocked,
        };
    }

    /// <summary>The tool use's <c>readOnly</c>: as set under <c>with:</c>, else the tool's default.</summary>
    private static bool ReadOnly(ToolDefinition tool, string settingsJson)
    {
        try
        {
            using var settings = JsonDocument.Parse(settingsJson);
            if (settings.RootElement.ValueKind == JsonValueKind.Object && settings.RootElement.TryGetProperty("readOnly", out var value)
                && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }
        }
        catch (JsonException)
        {
            // a record without settings: the default
        }

        return tool.ReadOnlyDefault();
    }
}
