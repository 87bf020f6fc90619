using System.CommandLine;
using System.Globalization;
using McpSaas.Cli.Local;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Plans;

namespace McpSaas.Cli.Commands;

/// <summary><c>admin plan ORG free|pro|enterprise [overrides]</c>: set an org's entitlement (operator command).</summary>
internal static class AdminCommand
{
    public static Command Create(CliContext context) => new("admin", "Operator commands.") { Plan(context) };

    private static Command Plan(CliContext context)
    {
        var org = new Argument<string>("ORG") { Description = "Organisation (GitHub account, or 'local')." };
        var tier = new Argument<string>("TIER") { Description = "free | pro | enterprise" }.AcceptOnlyFromAmong("free", "pro", "enterprise");
        var servers = new Option<int?>("--servers-per-org") { Description = "Per-contract override: servers across the org." };
        var tools = new Option<int?>("--tools-per-server") { Description = "Per-contract override: tools per server." };
        var month = new Option<long?>("--calls-per-month") { Description = "Per-contract override: tools/call requests per month over all the org's servers." };
        var minute = new Option<int?>("--calls-per-minute") { Description = "Per-contract override: tools/call requests per minute per server." };
        var command = new Command("plan", "Set an org's entitlement: its tier and, optionally, per-contract limits (overrides not given are cleared).")
        {
            org, tier, servers, tools, month, minute,
        };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "admin plan", async () =>
        {
            var orgValue = parseResult.GetValue(org)!;
            if (!CliNames.IsOrg(orgValue))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas admin plan: '{orgValue}' is not an org name (letters, digits, '.', '_' or '-')");
                return ExitCodes.Usage;
            }

            PlanTierNames.TryParse(parseResult.GetValue(tier), out var tierValue);
            var overrides = new PlanLimitOverrides
            {
                ServersPerOrg = parseResult.GetValue(servers),
                ToolsPerServer = parseResult.GetValue(tools),
                CallsPerMonth = parseResult.GetValue(month),
                CallsPerMinute = parseResult.GetValue(minute),
            };
            if (overrides.Validate() is { Count: > 0 } problems)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas admin plan: {string.Join("; ", problems)}");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            using var store = CliState.Open(data, context);
            var entitlement = await store.SetEntitlementAsync(orgValue, tierValue!.Value, overrides, cancellationToken);
            var limits = Describe(entitlement.Limits);
            await store.AppendAuditAsync(new AuditEntry
            {
                Actor = context.Actor,
                Action = "entitlement.set",
                Org = orgValue,
                Target = $"org {orgValue}",
                Detail = $"{entitlement.Tier.ToName()}{(overrides.IsEmpty ? "" : " with overrides")}: {limits}",
            }, cancellationToken);
            await context.Stdout.WriteLineAsync($"Org '{orgValue}' is now on plan {entitlement.Tier.ToName()}{(overrides.IsEmpty ? "" : " (with per-contract limits)")}: {limits}.");
            await RefreshRunningServersAsync(context, data, orgValue, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The org's servers on a running local runtime get the new quota now, not with their next batch.</summary>
    private static async Task RefreshRunningServersAsync(CliContext context, string data, string org, CancellationToken cancellationToken)
    {
        if (!LocalRuntime.WasUsed(data))
        {
            return; // nothing was ever deployed here
        }

        using var stack = await LocalStack.OpenAsync(data, context, cancellationToken);
        await LocalRuntime.SettleAsync(context, stack, id => id.Org == org, cancellationToken);
    }

    internal static string Describe(PlanLimits limits)
    {
        static string N(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "unlimited";
        return $"servers per org {N(limits.ServersPerOrg)}, tools per server {N(limits.ToolsPerServer)}, "
            + $"calls per month {N(limits.CallsPerMonth)}, calls per minute {N(limits.CallsPerMinute)}, premium tools {(limits.PremiumTools ? "yes" : "no")}";
    }
}
