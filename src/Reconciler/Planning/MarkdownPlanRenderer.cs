using System.Globalization;
using System.Text;

namespace McpSaas.Reconciler.Planning;

/// <summary>Renders a plan as GitHub-flavoured Markdown, for the sticky pull-request comment and check-run summaries.</summary>
public static class MarkdownPlanRenderer
{
    /// <param name="plan">The plan.</param>
    /// <param name="hint">What to do about a stalled server, in the reader's terms (added after its message); null for none.</param>
    public static string Render(Plan plan, Func<Desired.StalledServer, string?>? hint = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        var revision = plan.Revision.Length > 12 && !plan.Revision.Contains(':', StringComparison.Ordinal) ? plan.Revision[..7] : plan.Revision;
        sb.Append(CultureInfo.InvariantCulture, $"### McpSaas plan for `{plan.Repo}` at `{revision}`\n\n");

        var changes = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();
        if (changes.Count == 0)
        {
            sb.Append("**No changes.** The deployed servers match the manifests.\n");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"**Plan: {plan.ToAdd} to add, {plan.ToChange} to change, {plan.ToDestroy} to destroy.**\n\n");
            sb.Append("| | server | changes |\n|---|---|---|\n");
            foreach (var change in changes)
            {
                var symbol = change.Action switch
                {
                    ChangeAction.Create => "➕",
                    ChangeAction.Update => "🔄",
                    ChangeAction.UpdateSecrets => "🔑",
                    _ => "➖",
                };
                var reasons = string.Join("<br>", change.Reasons.Select(r => Escape(r.ToString())));
                sb.Append(CultureInfo.InvariantCulture, $"| {symbol} | `{change.Id}` | {reasons} |\n");
            }

            sb.Append("\n<details><summary>Plan details</summary>\n\n```diff\n");
            foreach (var change in changes)
            {
                var symbol = change.Action switch
                {
                    ChangeAction.Create => '+',
                    ChangeAction.Update or ChangeAction.UpdateSecrets => '!',
                    _ => '-',
                };
                sb.Append(CultureInfo.InvariantCulture, $"{symbol} {(change.Action == ChangeAction.UpdateSecrets ? "secrets" : "server")} \"{change.Id}\"\n");
                foreach (var reason in change.Reasons)
                {
                    // diff syntax colours + and - lines; '~' becomes '!' (changed) to get a colour too.
                    var mark = reason.Symbol == '~' ? '!' : reason.Symbol;
                    sb.Append(CultureInfo.InvariantCulture, $"{mark}     {reason.Text}\n");
                }
            }

            sb.Append("```\n\n</details>\n");
        }

        var drifted = plan.Changes.Where(c => c.Drifted).ToList();
        if (drifted.Count > 0)
        {
            sb.Append("\n#### Drift\n\nChanged outside McpSaas since the last apply (apply sets them back):\n\n");
            foreach (var change in drifted)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- `{change.Id}`\n");
            }
        }

        if (plan.Stalled.Count > 0)
        {
            sb.Append("\n#### ⚠️ Stalled (kept as deployed)\n\n");
            foreach (var stalled in plan.Stalled)
            {
                var help = hint?.Invoke(stalled);
                sb.Append(CultureInfo.InvariantCulture, $"- `{stalled.Id}` (`{stalled.SourcePath}`): {Escape(stalled.Message)}{(help is null ? "" : $": {Escape(help)}")}\n");
            }
        }

        return sb.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
