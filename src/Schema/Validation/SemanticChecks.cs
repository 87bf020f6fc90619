using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Validation;

/// <summary>
/// The rules a JSON Schema cannot state: alias and duplicate tool use, exposed MCP tool name collisions,
/// <c>apiBaseUrl</c> hosts, and the per-server plan limits and org entitlement (which depend on the options).
/// Nodes that already have an error are skipped, so one mistake gives one diagnostic.
/// </summary>
internal static partial class SemanticChecks
{
    public static void Check(DocumentContext ctx)
    {
        var tools = ToolUses(ctx);
        CheckTools(ctx, tools);
        CheckPlan(ctx, tools);
    }

    private static List<(int Index, ToolDefinition Tool)> ToolUses(DocumentContext ctx)
    {
        var found = new List<(int, ToolDefinition)>();
        if (ctx.Value("spec", "tools") is not { ValueKind: JsonValueKind.Array } tools)
        {
            return found;
        }

        for (var i = 0; i < tools.GetArrayLength(); i++)
        {
            if (ctx.String("spec", "tools", i, "use") is { } id && ctx.Schema.Catalog.TryGet(id, out var tool)
                && (!tool.Internal || ctx.Schema.IncludesInternalTools))
            {
                found.Add((i, tool));
            }
        }

        return found;
    }

    private static void CheckTools(DocumentContext ctx, List<(int Index, ToolDefinition Tool)> tools)
    {
        var names = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        var exposed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (i, tool) in tools)
        {
            var use = ctx.Locate("spec", "tools", i, "use");
            var asAt = ctx.Locate("spec", "tools", i, "as");
            var alias = asAt.Found && !ctx.HasFailed(asAt) && AliasRegex().IsMatch(ctx.String("spec", "tools", i, "as") ?? "")
                ? ctx.String("spec", "tools", i, "as")
                : null;
            if (asAt.Found && alias is null)
            {
                continue;
            }

            if (alias is not null && alias != tool.Id && ctx.Schema.Catalog.TryGet(alias, out _))
            {
                ctx.Add(DiagnosticCodes.InvalidAlias, asAt, $"alias '{alias}' is the id of another tool of the catalog: choose another alias");
                continue;
            }

            var name = alias ?? tool.Id;
            var at = alias is null ? use : asAt;
            if (names.TryGetValue(name, out var first))
            {
                ctx.Add(DiagnosticCodes.DuplicateToolUse, at, alias is null && ctx.String("spec", "tools", first.Index, "use") == tool.Id
                    ? $"tool '{tool.Id}' is already used by spec.tools[{first.Index}] (line {first.Line}): using a tool twice needs a distinct `as:` alias on each use"
                    : $"the name '{name}' is already taken by spec.tools[{first.Index}] (line {first.Line}): each tool use needs a distinct name; set a distinct `as:` alias");
                continue;
            }

            names[name] = (i, at.Line);
            foreach (var mcpTool in tool.Tools)
            {
                var exposedName = mcpTool.ExposedName(tool.Id, alias);
                if (exposed.TryGetValue(exposedName, out var other) && other != i)
                {
                    ctx.Add(DiagnosticCodes.DuplicateToolUse, at,
                        $"exposes the MCP tool '{exposedName}', which spec.tools[{other}] exposes too: set a distinct `as:` alias");
                    break;
                }

                exposed[exposedName] = i;
            }

            CheckApiBaseUrl(ctx, i, tool);
        }
    }

    private static void CheckApiBaseUrl(DocumentContext ctx, int i, ToolDefinition tool)
    {
        var at = ctx.Locate("spec", "tools", i, "with", "apiBaseUrl");
        if (ctx.String("spec", "tools", i, "with", "apiBaseUrl") is not { } url || ctx.HasFailed(at) || at.IsFlagged(ctx.Flagged))
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            ctx.Add(DiagnosticCodes.InvalidSetting, at, "is not an absolute http(s) URL");
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(ctx.Options.LocalMode && IsLoopback(uri)))
        {
            // The tool's secret travels with every request to apiBaseUrl: never in clear text over the network.
            ctx.Add(DiagnosticCodes.ApiBaseUrlNotHttps, at, ctx.Options.LocalMode
                ? $"plain http to '{uri.Host}' would send the tool's credential in clear text: use https (in local mode plain http is accepted only for loopback: 127.0.0.1, ::1, localhost)"
                : "plain http would send the tool's credential in clear text: use an https:// URL (plain http is accepted only in local mode, and only for loopback)");
            return;
        }

        if (ctx.Options.LocalMode)
        {
            return;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        var allowed = tool.AllowedApiHosts.Concat(ctx.Options.ExtraApiHosts).ToList();
        var ok = allowed.Any(a =>
            (uri.IsDefaultPort && string.Equals(a, host, StringComparison.OrdinalIgnoreCase))
            || string.Equals(a, $"{host}:{uri.Port}", StringComparison.OrdinalIgnoreCase));
        if (!ok)
        {
            var shown = uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
            var list = allowed.Count == 0 ? "none" : string.Join(", ", allowed);
            ctx.Add(DiagnosticCodes.ApiHostNotAllowed, at,
                $"host '{shown}' is not an allowed API host of tool '{tool.Id}' (allowed: {list}); an operator can allow more hosts (such as a GitHub Enterprise Server host), and local mode accepts any host");
        }
    }

    /// <summary>Loopback as the Worker runtime counts it (src/upstream.mjs): 127.0.0.0/8, ::1 and the name localhost.</summary>
    private static bool IsLoopback(Uri uri) =>
        uri.HostNameType switch
        {
            UriHostNameType.IPv4 => IPAddress.TryParse(uri.IdnHost, out var v4) && IPAddress.IsLoopback(v4),
            UriHostNameType.IPv6 => IPAddress.TryParse(uri.IdnHost, out var v6) && v6.Equals(IPAddress.IPv6Loopback),
            _ => string.Equals(uri.IdnHost.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase),
        };


    private static void CheckPlan(DocumentContext ctx, List<(int Index, ToolDefinition Tool)> tools)
    {
        var planAt = ctx.Locate("spec", "plan");
        if (!PlanTierNames.TryParse(ctx.String("spec", "plan"), out var parsed) || ctx.HasFailed(planAt))
        {
            return;
        }

        var tier = parsed.Value;
        var limits = ctx.Options.LimitsFor(tier);
        var entitlement = ctx.Options.Entitlement ?? (ctx.Options.LocalMode ? PlanTier.Enterprise : null);
        if (entitlement is { } ent && tier > ent)
        {
            ctx.Add(DiagnosticCodes.PlanAboveEntitlement, planAt,
                $"plan '{tier.ToName()}' is above the org's entitlement '{ent.ToName()}': lower `spec.plan` to '{ent.ToName()}', or have the org upgraded to '{tier.ToName()}' (an operator runs `mcpsaas admin plan ORG {tier.ToName()}`)");
        }

        if (ctx.Value("spec", "tools") is { ValueKind: JsonValueKind.Array } list && limits.ToolsPerServer is { } maxTools && list.GetArrayLength() > maxTools)
        {
            var count = list.GetArrayLength();
            var upgrade = Upgrade(ctx, tier, l => l.ToolsPerServer is null || l.ToolsPerServer >= count);
            var at = ctx.Locate("spec", "tools", maxTools);
            ctx.Add(DiagnosticCodes.TooManyTools, at,
                $"plan '{tier.ToName()}' allows {maxTools} tools per server and this server has {count}: remove {count - maxTools}"
                + (upgrade is null ? "" : $", or upgrade to plan '{upgrade.Tier.ToName()}' ({Describe(upgrade.ToolsPerServer)} tools per server)"));
        }

        if (!limits.PremiumTools)
        {
            var upgrade = Upgrade(ctx, tier, l => l.PremiumTools);
            foreach (var (i, tool) in tools.Where(t => t.Tool.Premium))
            {
                var at = ctx.Locate("spec", "tools", i, "use");
                ctx.Add(DiagnosticCodes.PremiumTool, at,
                    $"tool '{tool.Id}' is premium and plan '{tier.ToName()}' has no premium tools"
                    + (upgrade is null ? "" : $": upgrade to plan '{upgrade.Tier.ToName()}' (`spec.plan: {upgrade.Tier.ToName()}`, within the org's entitlement)"));
            }
        }

        var rateAt = ctx.Locate("spec", "access", "rateLimitPerMinute");
        if (ctx.Value("spec", "access", "rateLimitPerMinute") is { ValueKind: JsonValueKind.Number } rate && !ctx.HasFailed(rateAt)
            && rate.TryGetInt64(out var perMinute) && limits.CallsPerMinute is { } maxRate && perMinute > maxRate)
        {
            var upgrade = Upgrade(ctx, tier, l => l.CallsPerMinute is null || l.CallsPerMinute >= perMinute);
            ctx.Add(DiagnosticCodes.RateLimitAbovePlan, rateAt,
                $"{perMinute} calls per minute is above the limit of plan '{tier.ToName()}' ({maxRate} per minute): lower it"
                + (upgrade is null ? "" : $", or upgrade to plan '{upgrade.Tier.ToName()}' ({Describe(upgrade.CallsPerMinute)} per minute)"));
        }
    }

    private static PlanLimits? Upgrade(DocumentContext ctx, PlanTier from, Func<PlanLimits, bool> enough) =>
        Enum.GetValues<PlanTier>().Where(t => t > from).Select(ctx.Options.LimitsFor).FirstOrDefault(enough);

    private static string Describe(int? limit) => limit is { } l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unlimited";

    [GeneratedRegex(ManifestRules.AliasPattern)]
    private static partial Regex AliasRegex();
}
