using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.State;

namespace McpSaas.Cli.Commands;

/// <summary><c>servers list [--org ORG] [--json]</c>: ids, state, URL, tools, last reconcile.</summary>
internal static class ServersCommand
{
    public static Command Create(CliContext context)
    {
        var org = new Option<string>("--org") { Description = "Only this org." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var list = new Command("list", "Server ids, state, URL, tools, last reconcile.") { org, json };
        list.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "servers list", async () =>
        {
            if (parseResult.GetValue(org) is { } orgName && !CliNames.IsOrg(orgName))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas servers list: '{orgName}' is not an org name (letters, digits, '.', '_' or '-')");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            var rows = new List<Row>();
            IReadOnlyList<string> orgs = [];
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                if (parseResult.GetValue(org) is not null)
                {
                    // Which orgs do have servers, to say so when the one asked for has none (a typo, say).
                    orgs = [.. (await store.ListServersAsync(null, null, cancellationToken)).Select(s => s.Id.Org).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
                }

                var snapshot = await store.GetReconcileSnapshotAsync(parseResult.GetValue(org), null, cancellationToken);
                var tools = snapshot.Inventory.ToDictionary(i => i.ServerId.ToString(), i => Tools(i.SummaryJson), StringComparer.Ordinal);
                rows.AddRange(snapshot.Servers
                    .OrderBy(s => s.Id.ToString(), StringComparer.Ordinal)
                    .Select(s => new Row(s, tools.TryGetValue(s.Id.ToString(), out var t) ? t : [])));
            }

            if (parseResult.GetValue(json))
            {
                await context.Stdout.WriteAsync(Json(rows));
            }
            else if (rows.Count == 0 && orgs.Count > 0)
            {
                await context.Stdout.WriteLineAsync($"No servers in org '{parseResult.GetValue(org)}'; servers here are in: {string.Join(", ", orgs)}.");
            }
            else if (rows.Count == 0)
            {
                await context.Stdout.WriteLineAsync("No servers yet: `./mcpsaas apply --source DIR` or `./mcpsaas up` deploys some.");
            }
            else
            {
                await context.Stdout.WriteAsync(TextTable.Render(
                    ["SERVER", "STATE", "URL", "TOOLS", "LAST RECONCILE"],
                    rows.Select(r => (IReadOnlyList<string>)[
                        r.Server.Id.ToString(),
                        State(r.Server.State),
                        r.Server.EndpointUrl is { } u ? u + "/mcp" : "-",
                        r.Tools.Count == 0 ? "-" : string.Join(",", r.Tools),
                        r.Server.LastReconcileAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never"])));
                foreach (var r in rows.Where(r => r.Server.Reason is not null))
                {
                    await context.Stdout.WriteLineAsync($"  {r.Server.Id}: {r.Server.Reason}");
                }
            }

            return ExitCodes.Ok;
        }));
        return new Command("servers", "Deployed servers.") { list };
    }

    private static IReadOnlyList<string> Tools(string? summaryJson)
    {
        if (summaryJson is null)
        {
            return [];
        }

        var summary = DeploymentSummary.FromJson(summaryJson);
        return summary is null ? [] : [.. summary.Tools.Select(t => t.Alias == t.Use ? t.Use : $"{t.Use} as {t.Alias}")];
    }

    private static string State(ServerState state) => state switch
    {
        ServerState.Ready => "ready",
        ServerState.Stalled => "stalled",
        ServerState.Waiting => "waiting",
        _ => "reconciling",
    };

    private static string Json(List<Row> rows)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("servers");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Server.Id.ToString());
                w.WriteString("state", State(r.Server.State));
                w.WriteString("reason", r.Server.Reason);
                w.WriteString("url", r.Server.EndpointUrl is { } u ? u + "/mcp" : null);
                w.WriteStartArray("tools");
                foreach (var t in r.Tools)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                w.WriteString("lastAppliedRevision", r.Server.LastAppliedRevision);
                w.WriteString("contentHash", r.Server.ContentHash);
                w.WriteString("firstSeenAt", r.Server.FirstSeenAt);
                if (r.Server.LastReconcileAt is { } at)
                {
                    w.WriteString("lastReconcileAt", at);
                }
                else
                {
                    w.WriteNull("lastReconcileAt");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private sealed record Row(ServerRecord Server, IReadOnlyList<string> Tools);
}
