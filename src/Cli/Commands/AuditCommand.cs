using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.State;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>audit [--org ORG] [--since WHEN] [--limit N] [--json]</c>: the audit log, newest first — applies and deletes,
/// key and secret changes, entitlements, with who did it (<c>cli:&lt;user&gt;</c>, <c>github:&lt;sender&gt;</c>, …).
/// Never a secret value or key: entries name things.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var org = new Option<string>("--org") { Description = "Only this org's entries." };
        var since = new Option<string>("--since") { Description = "Only entries since then: a UTC date or time (2026-03-14, 2026-03-14T09:30:00Z) or an age (90m, 24h, 7d)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries (default 100).", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("audit", "The audit log: who changed what, newest first.") { org, since, limit, json };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "audit", async () =>
        {
            DateTimeOffset? from = null;
            if (parseResult.GetValue(since) is { } text)
            {
                if (Since(text, context.Time.GetUtcNow()) is not { } parsed)
                {
                    await context.Stderr.WriteLineAsync($"mcpsaas audit: --since '{text}' is neither a UTC date/time (2026-03-14, 2026-03-14T09:30:00Z) nor an age (90m, 24h, 7d)");
                    return ExitCodes.Usage;
                }

                from = parsed;
            }

            if (parseResult.GetValue(org) is { } orgName && !CliNames.IsOrg(orgName))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas audit: '{orgName}' is not an org name (letters, digits, '.', '_' or '-')");
                return ExitCodes.Usage;
            }

            if (parseResult.GetValue(limit) is var max && max is < 1 or > 100_000)
            {
                await context.Stderr.WriteLineAsync("mcpsaas audit: --limit must be between 1 and 100000");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            IReadOnlyList<AuditEntry> entries = [];
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                entries = await store.ListAuditAsync(parseResult.GetValue(org), from, max, cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                await context.Stdout.WriteAsync(Json(entries));
            }
            else if (entries.Count == 0)
            {
                await context.Stdout.WriteLineAsync("No audit entries" + (from is null ? "." : " in that time."));
            }
            else
            {
                await context.Stdout.WriteAsync(TextTable.Render(
                    ["TIME (UTC)", "ACTOR", "ACTION", "ORG", "TARGET", "DETAIL"],
                    entries.Select(e => (IReadOnlyList<string>)[e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Actor, e.Action, e.Org ?? "", e.Target ?? "", e.Detail ?? ""])));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static DateTimeOffset? Since(string text, DateTimeOffset now) => AuditSince.Parse(text, now);

    private static string Json(IReadOnlyList<AuditEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("id", e.Id);
                w.WriteString("at", e.At);
                w.WriteString("actor", e.Actor);
                w.WriteString("action", e.Action);
                w.WriteString("org", e.Org);
                w.WriteString("target", e.Target);
                w.WriteString("detail", e.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
