using System.Globalization;
using System.Text;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Reporting;
using McpSaas.Schema.Plans;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Renders a <see cref="RunReport"/> as GitHub-flavoured Markdown: the check run's summary and the sticky pull-request
/// comment share one body (the plan from <see cref="MarkdownPlanRenderer"/>, what was applied, the MCP tool-surface
/// diff, the plan-tier impact and the manifest problems), each cut safely below GitHub's limit. Pure.
/// </summary>
internal static class ReportMarkdown
{
    /// <summary>The hidden marker the sticky comment starts with (it is found by it).</summary>
    public const string CommentMarker = "<!-- mcpsaas:plan -->";

    /// <summary>GitHub refuses a check run summary over 65,535 characters.</summary>
    public const int MaxSummary = 65_535;

    /// <summary>GitHub refuses a comment body over 65,536 characters.</summary>
    public const int MaxComment = 65_536;

    /// <summary>Problems listed in the text (every one is an annotation anyway).</summary>
    public const int MaxListedProblems = 100;

    /// <summary>The check run's summary.</summary>
    public static string Summary(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return MarkdownCut.Fit(Body(report), MaxSummary - 1_000,
            "The manifest problems are all annotations on the files; `mcpsaas plan` shows the whole plan.");
    }

    /// <summary>The sticky pull-request comment: the marker, a headline, the body and a footer.</summary>
    public static string Comment(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var footer = string.Create(CultureInfo.InvariantCulture,
            $"\n---\n<sub>McpSaas · commit `{report.ShortSha}` · this comment is updated in place on every push · annotations on the files are in the **McpSaas** check run</sub>\n");
        var head = $"{CommentMarker}\n## {Icon(report.Conclusion)} McpSaas: {Escape(report.Title)}\n\n";
        var body = MarkdownCut.Fit(Body(report), MaxComment - 1_000 - head.Length - footer.Length,
            "The whole report is in the **McpSaas** check run of this commit.");
        return head + body + footer;
    }

    /// <summary>The shared body: plan, applied outcomes, tool surface, plan tier, problems.</summary>
    public static string Body(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var result = report.Result;
        if (result.Error is { } error)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### ❌ McpSaas could not reconcile `{report.Repo.Org}/{report.Repo.Name}` at `{report.ShortSha}`\n\n");
            sb.Append(CultureInfo.InvariantCulture, $"Failed at **{error.Step}**: {Escape(error.Message)}\n\n");
            sb.Append(error.Class == Reconciler.Reconciling.ErrorClass.Stalled
                ? "Nothing was changed; it is tried again when the input changes.\n"
                : "Nothing was changed by this run; it is tried again.\n");
        }

        if (result.Error is null || result.Plan.Changes.Count + result.Plan.Stalled.Count > 0)
        {
            sb.Append(MarkdownPlanRenderer.Render(result.Plan, s => Hint(report, s)));
        }

        Applied(report, sb);
        Surfaces(report, sb);
        Tier(report, sb);
        Problems(report, sb);
        return sb.ToString();
    }

    private static void Applied(RunReport report, StringBuilder sb)
    {
        var outcomes = report.Result.Outcomes;
        if (!report.IsApply || outcomes.Count == 0)
        {
            return;
        }

        sb.Append("\n#### Applied\n\n");
        foreach (var outcome in outcomes.OrderBy(o => o.Id.ToString(), StringComparer.Ordinal))
        {
            sb.Append(outcome.Succeeded
                ? $"- ✅ `{outcome.Id}` {RunReport.Verb(outcome.Action, applied: true)}{(outcome.Endpoint is { } url ? $": {url}" : "")}\n"
                : $"- ❌ `{outcome.Id}` not {RunReport.Verb(outcome.Action, applied: true)}: {Escape(outcome.Error ?? "failed")}{(outcome.Class == Reconciler.Reconciling.ErrorClass.Transient ? " (retrying)" : "")}\n");
        }
    }

    private static void Surfaces(RunReport report, StringBuilder sb)
    {
        sb.Append("\n#### MCP tools clients gain and lose\n\n");
        var notable = report.Surfaces.Where(s => s.IsNotable).ToList();
        if (notable.Count == 0)
        {
            sb.Append(report.Surfaces.Count == 0 ? "No servers.\n" : "No change: every server exposes the same tools as deployed.\n");
            return;
        }

        foreach (var surface in notable)
        {
            sb.Append(CultureInfo.InvariantCulture, $"**`{surface.Id}`** — {Describe(surface)}\n\n");
            if (surface.Blocked is { } blocked)
            {
                sb.Append(CultureInfo.InvariantCulture, $"> ⛔ Not deployed as written (what is deployed stays): {Escape(blocked)}\n\n");
            }

            if (surface.Gained.Count + surface.Lost.Count + surface.Renamed.Count > 0)
            {
                sb.Append("| | MCP tool | |\n|---|---|---|\n");
                foreach (var tool in surface.Gained)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"| ➕ | `{tool.Name}` | {Flags(tool)} |\n");
                }

                foreach (var tool in surface.Lost)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"| ➖ | `{tool.Name}` | {Flags(tool)} |\n");
                }

                foreach (var rename in surface.Renamed)
                {
                    var how = rename.To.Alias == rename.To.Use ? "renamed (alias removed)" : $"renamed (`as: {rename.To.Alias}`)";
                    var flags = Flags(rename.To);
                    sb.Append(CultureInfo.InvariantCulture, $"| 🔁 | `{rename.From.Name}` → `{rename.To.Name}` | {how}{(flags.Length > 0 ? $", {flags}" : "")} |\n");
                }

                sb.Append('\n');
            }

            if (surface.NewSecrets.Count > 0)
            {
                sb.Append("Secrets newly needed: ");
                sb.Append(string.Join(", ", surface.NewSecrets.Select(s => s.IsSet
                    ? $"`{s.Reference}` (✅ set)"
                    : $"`{s.Reference}` (❌ not set: `mcpsaas secrets set {report.Repo.Org} {s.Reference}`)")));
                sb.Append(".\n\n");
            }

            foreach (var warning in surface.Warnings)
            {
                sb.Append(CultureInfo.InvariantCulture, $"⚠️ {warning.Client}: {Escape(warning.Message)}\n\n");
            }

            if (surface.Change != SurfaceChange.Removed && surface.Change != SurfaceChange.Unknown)
            {
                var writes = surface.After.Count(t => t.Writes);
                sb.Append(CultureInfo.InvariantCulture, $"Clients then see {RunReport.Count(surface.After.Count, "tool")}{(writes > 0 ? $" ({writes} that write{(writes == 1 ? "s" : "")})" : "")}.\n\n");
            }
        }

        var quiet = report.Surfaces.Count - notable.Count;
        if (quiet > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"_{RunReport.Count(quiet, "other server")}: the same tools as deployed._\n");
        }
    }

    private static void Tier(RunReport report, StringBuilder sb)
    {
        var impact = report.Impact;
        sb.Append("\n#### Plan limits and quota\n\n");
        if (impact.Hits.Count == 0)
        {
            sb.Append("No plan limit is hit.\n\n");
        }
        else
        {
            sb.Append("| server | limit hit | upgrade it needs | where |\n|---|---|---|---|\n");
            foreach (var hit in impact.Hits)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"| `{hit.Server}` | **{hit.Limit}**: {Escape(hit.Message)} | {Upgrade(report, hit)} | `{hit.Path}:{hit.Line}:{hit.Column}` |\n");
            }

            sb.Append('\n');
        }

        sb.Append(Quota(impact.Quota)).Append('\n');
    }

    private static void Problems(RunReport report, StringBuilder sb)
    {
        var problems = report.Problems;
        if (problems.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n#### Manifest problems ({problems.Count})\n\n");
        foreach (var d in problems.Take(MaxListedProblems))
        {
            var severity = d.IsError ? "" : " (warning)";
            var docPath = d.DocPath.Length > 0 ? $" `{Escape(d.DocPath)}`" : "";
            sb.Append(CultureInfo.InvariantCulture, $"- `{d.Path}:{d.Line}:{d.Column}` **{d.Code}**{severity}{docPath}: {Escape(d.Message)}\n");
        }

        if (problems.Count > MaxListedProblems)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- … and {problems.Count - MaxListedProblems} more: every problem is an annotation on its file.\n");
        }
    }

    /// <summary>The quota line: this month's calls against the quota and, at this month's rate, the day they run out.</summary>
    public static string Quota(QuotaOutlook quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var head = $"Quota: org `{quota.Org}` (plan {quota.Tier.ToName()}): ";
        if (quota.Limit is not { } limit)
        {
            return head + $"{TierImpact.Count(quota.Used)} calls in {quota.Month}, no monthly limit.";
        }

        var used = $"{TierImpact.Count(quota.Used)} of {TierImpact.Count(limit)} calls in {quota.Month}";
        if (quota.Reached)
        {
            return head + $"{used}: **reached**, calls are refused until {quota.Month.Next}-01 or an upgrade.";
        }

        if (quota.RunsOutOn is { } day)
        {
            return head + $"{used}; at this month's rate the quota runs out on **{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}**.";
        }

        return head + (quota.Used == 0 ? $"{used}." : $"{used}; at this month's rate it lasts the month.");
    }

    private static string Upgrade(RunReport report, LimitHit hit)
    {
        var org = report.Repo.Org;
        if (hit.Upgrade is not { } tier)
        {
            return "no larger plan lifts it by default: a per-contract limit (ask the operator)";
        }

        var name = tier.ToName();
        var admin = $"an operator runs `mcpsaas admin plan {org} {name}`";
        if (hit.Code is null)
        {
            var servers = PlanLimits.DefaultFor(tier).ServersPerOrg is { } n ? $"{n} servers per org" : "unlimited servers";
            return $"the org's plan **{name}** ({servers}; {admin})";
        }

        if (hit.Code == Schema.Diagnostics.DiagnosticCodes.PlanAboveEntitlement)
        {
            return $"the org's plan **{name}** ({admin}), or a lower `spec.plan`";
        }

        return hit.OrgUpgrade
            ? $"plan **{name}**: `spec.plan: {name}`, and the org's plan {name} ({admin})"
            : $"plan **{name}**: `spec.plan: {name}` (within the org's plan)";
    }

    private static string Describe(ServerSurface surface) => surface.Change switch
    {
        SurfaceChange.Added => surface.Blocked is null ? "new server" : "new server, not deployable yet",
        SurfaceChange.Removed => "removed: clients lose every tool",
        SurfaceChange.Changed => "tools change",
        SurfaceChange.Unknown => "the manifest cannot be read as a server: the deployed tools stay",
        _ => "same tools",
    };

    private static string Flags(ExposedTool tool) =>
        (tool.Writes, tool.Destructive) switch
        {
            (_, true) => "✏️ writes, ⚠️ destructive",
            (true, false) => "✏️ writes",
            _ => "",
        };

    private static string? Hint(RunReport report, StalledServer stalled) => stalled.Reason == StallReason.SecretMissing && stalled.MissingSecrets.Count > 0
        ? "an org admin sets " + string.Join(" and ", stalled.MissingSecrets.Select(s => $"`mcpsaas secrets set {report.Repo.Org} {s}`"))
        : null;

    private static string Icon(string conclusion) => conclusion switch
    {
        "failure" => "❌",
        "success" => "✅",
        _ => "⚪",
    };

    /// <summary>Text in a table cell or a list item: no pipes, no HTML, one line.</summary>
    internal static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
