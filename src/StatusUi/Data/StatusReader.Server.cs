using System.Text.Json;
using McpSaas.Reconciler.Connect;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Catalog;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

public sealed partial class StatusReader
{
    /// <summary>Everything the server page shows; null for a server the store does not know.</summary>
    public async Task<ServerView?> ServerAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var server = await store.GetServerAsync(id, cancellationToken);
        if (server is null)
        {
            return null;
        }

        var summary = await SummaryAsync(id, cancellationToken);
        var quota = await QuotaAsync(id.Org, cancellationToken);
        var keys = await store.ListApiKeysAsync(id, includeRevoked: true, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys.OrderBy(k => k.IsActive).ThenBy(k => k.CreatedAt))
        {
            names[key.KeyId] = key.Name; // the active key's name wins over a revoked one's
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(-(UsageDays - 1));
        var rows = await store.ListDailyUsageAsync(id, from, today.AddDays(1), cancellationToken);
        var recent = await store.ListRecentCallsAsync(id, RecentCallCount, cancellationToken);
        var history = await store.ListDeployHistoryAsync(id, DeployCount, cancellationToken);

        return new ServerView
        {
            Id = id.ToString(),
            Org = id.Org,
            Repo = id.Repo,
            Name = id.Name,
            Status = ServerStatuses.Of(server, summary, quota.Exceeded),
            Connect = server.EndpointUrl is { } url ? Connect(id.Name, url) : null,
            Plan = summary?.Plan,
            SourcePath = summary?.SourcePath,
            RateLimitPerMinute = summary?.RatePerMinute,
            Tools = summary is null ? [] : [.. summary.Tools.Select(ToolUse)],
            Usage = Window(rows, from, today, names),
            RecentCalls = [.. recent.Select(c => new RecentCallView
            {
                At = c.Timestamp,
                Tool = c.Tool,
                KeyId = c.KeyId,
                KeyName = c.KeyId is null ? null : names.GetValueOrDefault(c.KeyId),
                Ok = c.Ok,
                Outcome = c.Ok ? "ok" : c.ErrorKind ?? "error",
                DurationMs = c.DurationMs,
            })],
            Deploys = [.. history.Select(h => new DeployView
            {
                At = h.At,
                Action = h.Action.ToString().ToLowerInvariant(),
                Succeeded = h.Succeeded,
                Revision = h.Revision,
                Message = h.Message,
                Plan = h.PlanText,
            })],
            Keys = [.. keys.OrderBy(k => k.IsActive ? 0 : 1).ThenBy(k => k.CreatedAt).Select(k => new KeyView
            {
                Name = k.Name,
                KeyId = k.KeyId,
                CreatedAt = k.CreatedAt,
                LastUsedAt = k.LastUsedAt,
                RevokedAt = k.RevokedAt,
                Active = k.IsActive,
            })],
            Quota = quota,
        };
    }

    /// <summary>Exactly what <c>./mcpsaas connect</c> prints, whole and per client.</summary>
    internal static ConnectView Connect(string serverName, string baseUrl)
    {
        var text = ConnectionSnippets.Render(serverName, baseUrl);
        var header = text[..(text.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
        return new ConnectView
        {
            McpUrl = $"{baseUrl.TrimEnd('/')}/mcp",
            SseUrl = $"{baseUrl.TrimEnd('/')}/sse",
            Text = text,
            Header = header,
            Clients = [.. ConnectionSnippets.Clients.Select(c => new ClientSnippetView(c, ConnectionSnippets.Title(c), ConnectionSnippets.Render(serverName, baseUrl, c)))],
        };
    }

    private static ToolUseView ToolUse(ToolSummary use)
    {
        if (!ToolCatalog.Default.TryGet(use.Use, out var tool))
        {
            return new ToolUseView { Alias = use.Alias, Use = use.Use, Title = use.Use, ReadOnly = false, McpTools = [] };
        }

        var readOnly = ReadOnlySetting(use.SettingsJson) ?? tool.ReadOnlyDefault();
        var alias = use.Alias == use.Use ? null : use.Alias;
        return new ToolUseView
        {
            Alias = use.Alias,
            Use = use.Use,
            Title = tool.Title,
            ReadOnly = readOnly,
            McpTools = [.. tool.VisibleTools(readOnly).Select(t => new McpToolView(t.ExposedName(tool.Id, alias), t.Description, t.Writes))],
        };
    }

    private static bool? ReadOnlySetting(string settingsJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(settingsJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("readOnly", out var value)
                && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The 30-day window: every day (empty ones too), tools by calls, calls per key.</summary>
    internal static UsageWindowView Window(IReadOnlyList<UsageDayRow> rows, DateOnly from, DateOnly to, IReadOnlyDictionary<string, string> keyNames)
    {
        var tools = rows.GroupBy(r => r.Tool, StringComparer.Ordinal)
            .Select(g => new ToolCallsView(g.Key, g.Sum(r => r.Calls), g.Sum(r => r.Errors)))
            .OrderByDescending(t => t.Calls).ThenBy(t => t.Tool, StringComparer.Ordinal).ToList();
        var order = tools.Select((t, i) => (t.Tool, i)).ToDictionary(x => x.Tool, x => x.i, StringComparer.Ordinal);
        var byDay = rows.GroupBy(r => r.Day, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var days = new List<UsageDayView>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var text = Formats.Day(day);
            var dayRows = byDay.GetValueOrDefault(text) ?? [];
            days.Add(new UsageDayView
            {
                Day = text,
                Calls = dayRows.Sum(r => r.Calls),
                Errors = dayRows.Sum(r => r.Errors),
                ByTool = [.. dayRows.GroupBy(r => r.Tool, StringComparer.Ordinal)
                    .Select(g => new ToolCallsView(g.Key, g.Sum(r => r.Calls), g.Sum(r => r.Errors)))
                    .OrderBy(t => order[t.Tool])],
            });
        }

        var byKey = rows.GroupBy(r => r.KeyId ?? "", StringComparer.Ordinal)
            .Select(g => new KeyCallsView(g.Key.Length == 0 ? null : g.Key, g.Key.Length == 0 ? null : keyNames.GetValueOrDefault(g.Key), g.Sum(r => r.Calls), g.Sum(r => r.Errors)))
            .OrderByDescending(k => k.Calls).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList();
        var calls = rows.Sum(r => r.Calls);
        var errors = rows.Sum(r => r.Errors);
        return new UsageWindowView
        {
            From = Formats.Day(from),
            To = Formats.Day(to),
            Days = days,
            Tools = [.. tools.Select(t => t.Tool)],
            Calls = calls,
            Errors = errors,
            Refused = rows.Sum(r => r.Refused),
            ErrorRate = calls == 0 ? 0 : (double)errors / calls,
            ByTool = tools,
            ByKey = byKey,
        };
    }
}
