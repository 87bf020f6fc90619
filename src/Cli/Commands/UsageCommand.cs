using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;

namespace McpSaas.Cli.Commands;

/// <summary><c>usage SERVER-ID [--month YYYY-MM] [--json]</c>: a server's calls per tool, per key and per day, and the org's monthly quota.</summary>
internal static class UsageCommand
{
    public static Command Create(CliContext context)
    {
        var serverId = new Argument<string>("SERVER-ID") { Description = "org/repo/name" };
        var month = new Option<string>("--month") { Description = "Month as YYYY-MM, UTC (default: the current month)." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("usage", "Calls per tool, per key and per day.") { serverId, month, json };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "usage", async () =>
        {
            var idText = parseResult.GetValue(serverId)!;
            if (!ServerId.TryParse(idText, out var id))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas usage: '{idText}' is not a server id: expected org/repo/name (`mcpsaas servers list` shows them)");
                return ExitCodes.Usage;
            }

            var monthText = parseResult.GetValue(month);
            var monthValue = UsageMonth.Of(context.Time.GetUtcNow());
            if (monthText is not null && !UsageMonth.TryParse(monthText, out monthValue))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas usage: --month '{monthText}' is not a month: write it as YYYY-MM, e.g. {UsageMonth.Of(context.Time.GetUtcNow())}");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            var unknown = $"mcpsaas usage: unknown server '{id}' in {Path.Combine(data, StatePaths.DatabaseFileName)}: `mcpsaas servers list` shows the servers McpSaas knows";
            if (!CliState.Exists(data))
            {
                await context.Stderr.WriteLineAsync(unknown);
                return ExitCodes.Failed;
            }

            using var store = CliState.Open(data, context);
            var server = await store.GetServerAsync(id, cancellationToken);
            var report = await store.GetUsageReportAsync(id, monthValue, cancellationToken);
            if (server is null && report.Calls == 0)
            {
                await context.Stderr.WriteLineAsync(unknown);
                return ExitCodes.Failed;
            }

            var entitlement = await store.GetEntitlementAsync(id.Org, cancellationToken);
            var quota = QuotaVerdict.For(entitlement.Limits.CallsPerMonth, await store.GetOrgCallsAsync(id.Org, monthValue, cancellationToken));
            if (parseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(ToJson(report, entitlement, quota), CliJsonContext.Default.UsageJson));
            }
            else
            {
                await context.Stdout.WriteAsync(Render(report, entitlement, quota));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static UsageJson ToJson(UsageReport report, OrgEntitlement entitlement, QuotaVerdict quota) => new(
        report.ServerId.ToString(),
        report.Month.ToString(),
        report.Calls,
        report.Errors,
        new UsageQuotaJson(entitlement.Org, entitlement.Tier.ToName(), quota.Limit, quota.Used, quota.Exceeded),
        report.ByTool.Select(t => new ToolUsageJson(t.Tool, t.Calls, t.Errors)).ToList(),
        report.ByKey.Select(k => new KeyUsageJson(k.KeyId, k.Name, k.Calls, k.Errors)).ToList(),
        report.ByDay.Select(d => new DayUsageJson(d.Day, d.Calls, d.Errors)).ToList());

    internal static string Render(UsageReport report, OrgEntitlement entitlement, QuotaVerdict quota)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(report.Calls == 0
            ? $"{report.ServerId}, {report.Month} (UTC): no calls.\n"
            : $"{report.ServerId}, {report.Month} (UTC): {N(report.Calls)} call(s), {N(report.Errors)} error(s)\n");
        var limit = quota.Limit is { } l ? $"{N(quota.Used)} of {N(l)} calls" : $"{N(quota.Used)} calls (no monthly limit)";
        text.Append($"Org {entitlement.Org} (plan {entitlement.Tier.ToName()}): {limit} in {report.Month}");
        text.Append(quota.Exceeded ? $": quota reached, calls are refused until {report.Month.Next.Start:yyyy-MM-dd} or a plan upgrade\n" : "\n");
        if (report.Calls == 0)
        {
            return text.ToString();
        }

        var numbers = new HashSet<int> { 1, 2 };
        text.Append("\nBy tool\n");
        text.Append(TextTable.Render(["TOOL", "CALLS", "ERRORS"], report.ByTool.Select(t => (IReadOnlyList<string>)[t.Tool, N(t.Calls), N(t.Errors)]), numbers, "  "));
        text.Append("\nBy key\n");
        text.Append(TextTable.Render(["KEY", "CALLS", "ERRORS"], report.ByKey.Select(k => (IReadOnlyList<string>)[KeyLabel(k), N(k.Calls), N(k.Errors)]), numbers, "  "));
        text.Append("\nBy day\n");
        text.Append(TextTable.Render(["DAY", "CALLS", "ERRORS"], report.ByDay.Select(d => (IReadOnlyList<string>)[d.Day, N(d.Calls), N(d.Errors)]), numbers, "  "));
        return text.ToString();
    }

    private static string KeyLabel(UsageByKey key) => (key.KeyId, key.Name) switch
    {
        (null, _) => "(no key)",
        (var keyId, null) => $"(deleted key) {keyId}",
        (var keyId, var name) => $"{name} ({keyId})",
    };
}
