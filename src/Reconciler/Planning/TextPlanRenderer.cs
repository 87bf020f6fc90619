using System.Globalization;
using System.Text;

namespace McpSaas.Reconciler.Planning;

/// <summary>
/// Renders a plan for people, in the shape of Terraform's plan output: one block per change with its
/// symbol (<c>+ ~ -</c>) and one reason per line, unchanged tools hidden with a count, a drift section,
/// the stalled servers, and the footer <c>Plan: X to add, Y to change, Z to destroy.</c> or <c>No changes.</c>
/// </summary>
public static class TextPlanRenderer
{
    /// <param name="plan">The plan.</param>
    /// <param name="color">ANSI colours (a terminal).</param>
    /// <param name="hint">What to do about a stalled server, in the reader's terms (the CLI: a command), added after its message.</param>
    public static string Render(Plan plan, bool color = false, Func<Desired.StalledServer, string?>? hint = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        var paint = new Paint(color);
        var changes = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();
        var drifted = plan.Changes.Where(c => c.Drifted).ToList();

        if (drifted.Count > 0)
        {
            sb.Append("Drift: changed outside McpSaas since the last apply\n\n");
            foreach (var change in drifted)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {paint.Changed("~")} {change.Id}: the deployed Worker no longer matches what was applied; apply sets it back\n");
            }

            sb.Append('\n');
        }

        if (changes.Count > 0)
        {
            sb.Append("McpSaas will perform the following actions:\n\n");
            foreach (var change in changes)
            {
                var (symbol, verb, noun) = change.Action switch
                {
                    ChangeAction.Create => (paint.Added("+"), "will be created", "server"),
                    ChangeAction.Update => (paint.Changed("~"), "will be updated in-place", "server"),
                    ChangeAction.UpdateSecrets => (paint.Changed("~"), "will have its secrets or keys rebound (no upload)", "secrets"),
                    ChangeAction.Delete => (paint.Removed("-"), "will be destroyed", "server"),
                    _ => throw new InvalidOperationException("no-op changes are not rendered"),
                };
                sb.Append(CultureInfo.InvariantCulture, $"  # {change.Id} {verb}\n");
                sb.Append(CultureInfo.InvariantCulture, $"  {symbol} {noun} \"{change.Id}\" {{\n");
                foreach (var reason in change.Reasons)
                {
                    var mark = reason.Kind switch
                    {
                        ReasonKind.Added => paint.Added("+"),
                        ReasonKind.Removed => paint.Removed("-"),
                        _ => paint.Changed("~"),
                    };
                    sb.Append(CultureInfo.InvariantCulture, $"      {mark} {reason.Text}\n");
                }

                if (change.Action == ChangeAction.Update && change.UnchangedTools > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"        # ({change.UnchangedTools} unchanged tool{(change.UnchangedTools == 1 ? "" : "s")} hidden)\n");
                }

                sb.Append("    }\n\n");
            }
        }

        if (plan.Stalled.Count > 0)
        {
            sb.Append("Stalled: kept as deployed until the input is fixed\n\n");
            foreach (var stalled in plan.Stalled)
            {
                var help = hint?.Invoke(stalled);
                sb.Append(CultureInfo.InvariantCulture, $"  {paint.Warn("!")} {stalled.Id} ({stalled.SourcePath}): {stalled.Message}{(help is null ? "" : $": {help}")}\n");
            }

            sb.Append('\n');
        }

        sb.Append(changes.Count == 0
            ? "No changes. The deployed servers match the manifests.\n"
            : string.Create(CultureInfo.InvariantCulture, $"Plan: {plan.ToAdd} to add, {plan.ToChange} to change, {plan.ToDestroy} to destroy.\n"));
        return sb.ToString();
    }

    private readonly struct Paint(bool on)
    {
        public string Added(string s) => on ? $"\u001b[32m{s}\u001b[0m" : s;

        public string Changed(string s) => on ? $"\u001b[33m{s}\u001b[0m" : s;

        public string Removed(string s) => on ? $"\u001b[31m{s}\u001b[0m" : s;

        public string Warn(string s) => on ? $"\u001b[35m{s}\u001b[0m" : s;
    }
}
