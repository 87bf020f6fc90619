using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using McpSaas.Cli.Local;
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
            var completeness = await CompletenessAsync(context, data, id, await store.GetDeliveryAsync(id, monthValue, cancellationToken), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(ToJson(report, entitlement, quota, completeness), CliJsonContext.Default.UsageJson));
            }
            else
            {
                await context.Stdout.WriteAsync(Render(report, entitlement, quota, completeness));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The store's side, and — when the server is deployed on the local runtime — what its outbox holds now (asked on its
    /// usage route with its usage token; a runtime that does not answer makes the figures "not known to be complete").
    /// </summary>
    private static async Task<UsageCompleteness> CompletenessAsync(CliContext context, string data, ServerId id, UsageDeliveryReport delivery, CancellationToken cancellationToken)
    {
        if (!LocalRuntime.WasUsed(data))
        {
            return UsageCompleteness.NotDeployed(delivery);
        }

        using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
        var status = await new UsageNudger(stack).StatusAsync(id, cancellationToken);
        return status is null
            ? UsageCompleteness.NotDeployed(delivery)
            : new UsageCompleteness(delivery, true, status.Status, status.Status is null
                ? (stack.Platform.Status() is null ? "the local runtime is not running (`./mcpsaas apply` starts it)" : status.Error)
                : null);
    }

    private static UsageJson ToJson(UsageReport report, OrgEntitlement entitlement, QuotaVerdict quota, UsageCompleteness completeness) => new(
        report.ServerId.ToString(),
        report.Month.ToString(),
        report.Calls,
        report.Errors,
        new UsageQuotaJson(entitlement.Org, entitlement.Tier.ToName(), quota.Limit, quota.Used, quota.Exceeded),
        report.ByTool.Select(t => new ToolUsageJson(t.Tool, t.Calls, t.Errors)).ToList(),
        report.ByKey.Select(k => new KeyUsageJson(k.KeyId, k.Name, k.Calls, k.Errors)).ToList(),
        report.ByDay.Select(d => new DayUsageJson(d.Day, d.Calls, d.Errors)).ToList(),
        report.Refused,
        new UsageDeliveryJson(
            completeness.Delivery.LastDeliveryAt,
            completeness.Delivery.Dropped,
            completeness.Delivery.DroppedTotal,
            completeness.Outbox is { } o ? new UsageOutboxJson(o.Pending, o.Dropped, o.Failures, o.NextAttemptAt, o.LastError) : null,
            completeness.OutboxError,
            completeness.Complete));

    internal static string Render(UsageReport report, OrgEntitlement entitlement, QuotaVerdict quota, UsageCompleteness completeness)
    {
        var text = new StringBuilder();
        text.Append(report.Calls == 0
            ? $"{report.ServerId}, {report.Month} (UTC): no calls.\n"
            : $"{report.ServerId}, {report.Month} (UTC): {N(report.Calls)} call(s), {N(report.Errors)} error(s)"
                + (report.Refused > 0 ? $" ({N(report.Refused)} of them refused by the monthly quota)\n" : "\n"));
        var limit = quota.Limit is { } l ? $"{N(quota.Used)} of {N(l)} calls" : $"{N(quota.Used)} calls (no monthly limit)";
        text.Append($"Org {entitlement.Org} (plan {entitlement.Tier.ToName()}): {limit} in {report.Month}");
        text.Append(quota.Exceeded ? $": quota reached, calls are refused until {report.Month.Next.Start:yyyy-MM-dd} or a plan upgrade\n" : "\n");
        text.Append(RenderDelivery(report.Month, completeness));
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

    /// <summary>Lines saying how complete the figures are; nothing for a server that never delivered and is not deployed.</summary>
    internal static string RenderDelivery(UsageMonth month, UsageCompleteness c)
    {
        var last = c.Delivery.LastDeliveryAt is { } at ? $"the last batch arrived at {Time(at)}" : "no batch has arrived yet";
        var text = new StringBuilder();
        if (c.Outbox is { } outbox)
        {
            if (outbox.Pending > 0)
            {
                var why = outbox.Failures > 0
                    ? $"delivery failed {N(outbox.Failures)} time(s) in a row{(outbox.LastError is { } e ? $", last: \"{e.TrimEnd('.')}\"" : "")}"
                        + (outbox.NextAttemptAt is { } next ? $"; next attempt at {Time(next)}" : "")
                    : "on their way";
                text.Append($"Incomplete: {N(outbox.Pending)} call(s) wait in the server's outbox and are not counted above yet ({why}); {last}.\n");
            }

            if (outbox.Dropped > 0)
            {
                text.Append($"Incomplete: {N(outbox.Dropped)} call(s) were dropped by the server's full outbox and are not reported yet.\n");
            }
        }
        else if (c.OutboxError is { } error)
        {
            text.Append($"Not known to be complete: the server's outbox could not be checked ({error}); {last}.\n");
        }

        if (c.Delivery.Dropped > 0)
        {
            text.Append($"Incomplete: {N(c.Delivery.Dropped)} call(s) reported in {month} were lost: the server's outbox was full "
                + "(it keeps 10,000 events) while the usage endpoint could not be reached; they are in no figure here.\n");
        }

        if (text.Length == 0 && (c.Outbox is not null || c.Delivery.LastDeliveryAt is not null))
        {
            text.Append($"Complete: nothing waits in the server's outbox; {last}.\n");
        }

        return text.ToString();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string KeyLabel(UsageByKey key) => (key.KeyId, key.Name) switch
    {
        (null, _) => "(no key)",
        (var keyId, null) => $"(deleted key) {keyId}",
        (var keyId, var name) => $"{name} ({keyId})",
    };
}
