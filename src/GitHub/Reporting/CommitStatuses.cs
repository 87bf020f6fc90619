using System.Globalization;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// The commit statuses of a default-branch apply: one per server (context <c>mcpsaas/&lt;server&gt;</c>), or one
/// aggregate <c>mcpsaas</c> above <see cref="GitHubReportingOptions.AggregateAbove"/> servers (or when the run failed
/// before it knew its servers), and <c>mcpsaas/drift</c> when a periodic run found and restored drift. Descriptions
/// are at most 140 characters; the target is the server's status page, or the check run. Pure.
/// </summary>
internal static class CommitStatuses
{
    /// <summary>GitHub refuses a longer description (422).</summary>
    public const int MaxDescription = 140;

    public const string AggregateContext = "mcpsaas";

    public const string DriftContext = "mcpsaas/drift";

    public static string Context(string serverName) => $"mcpsaas/{serverName}";

    /// <summary>The statuses for <paramref name="report"/> (none for a pull request's plan).</summary>
    internal static IReadOnlyList<StatusPayload> For(RunReport report, int aggregateAbove)
    {
        ArgumentNullException.ThrowIfNull(report);
        var statuses = new List<StatusPayload>();
        if (!report.IsApply)
        {
            return statuses;
        }

        var result = report.Result;
        if (result.Error is { } error)
        {
            statuses.Add(Status(report, AggregateContext, error.Class == ErrorClass.Stalled ? "failure" : "error",
                $"Reconcile failed at {error.Step}: {error.Message}", report.RepositoryPage));
            return statuses;
        }

        var servers = ServerStates(report);
        if (servers.Count > aggregateAbove)
        {
            var counts = servers.GroupBy(s => s.Word).OrderBy(g => Order(g.Key)).Select(g => $"{g.Count()} {g.Key}");
            var worst = servers.OrderBy(s => Rank(s.State)).First().State;
            statuses.Add(Status(report, AggregateContext, worst,
                string.Create(CultureInfo.InvariantCulture, $"{servers.Count} servers: {string.Join(", ", counts)}"), report.RepositoryPage));
        }
        else
        {
            statuses.AddRange(servers.Select(s => Status(report, Context(s.Name), s.State, s.Description, report.ServerPage(s.Name))));
        }

        if (report.IsPeriodic && result.Applied && result.Plan.Changes.Where(c => c.Drifted).ToList() is { Count: > 0 } drifted)
        {
            var failed = drifted.Where(c => result.Outcomes.Any(o => o.Id == c.Id && !o.Succeeded)).ToList();
            var names = string.Join(", ", drifted.Select(c => c.Id.Name));
            var at = report.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
            statuses.Add(failed.Count == 0
                ? Status(report, DriftContext, "success", $"Drift restored {at}: {names} changed outside McpSaas, set back", report.RepositoryPage)
                : Status(report, DriftContext, "failure", $"Drift found {at}: {names} changed outside McpSaas; restoring failed, retrying", report.RepositoryPage));
        }

        return statuses;
    }

    /// <summary>Cuts a description to GitHub's 140 characters (never inside a surrogate pair), ending with an ellipsis when cut.</summary>
    public static string Description(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var one = text.Replace('\n', ' ').Replace('\r', ' ');
        if (one.Length <= MaxDescription)
        {
            return one;
        }

        var cut = MaxDescription - 1;
        if (char.IsHighSurrogate(one[cut - 1]))
        {
            cut--;
        }

        return string.Concat(one.AsSpan(0, cut), "…");
    }

    private static StatusPayload Status(RunReport report, string context, string state, string description, string? target) => new()
    {
        Sha = report.Sha,
        Context = context,
        State = state,
        Description = Description(description),
        TargetUrl = target,
    };

    private static List<(string Name, string State, string Word, string Description)> ServerStates(RunReport report)
    {
        var result = report.Result;
        var tools = report.Surfaces.ToDictionary(s => s.Id.ToString(), s => s.After.Count, StringComparer.Ordinal);
        var outcomes = result.Outcomes.ToDictionary(o => o.Id.ToString(), StringComparer.Ordinal);
        var list = new List<(string, string, string, string)>();
        foreach (var change in result.Plan.Changes)
        {
            var name = change.Id.Name;
            var count = tools.TryGetValue(change.Id.ToString(), out var n) ? RunReport.Count(n, "MCP tool") : "its tools";
            if (outcomes.TryGetValue(change.Id.ToString(), out var outcome) && !outcome.Succeeded)
            {
                list.Add(outcome.Class switch
                {
                    ErrorClass.Stalled => (name, "failure", "failed", $"Deploy failed: {outcome.Error}"),
                    ErrorClass.Waiting => (name, "pending", "waiting", $"Waiting: {outcome.Error}"),
                    _ => (name, "pending", "retrying", $"Deploy failed, retrying: {outcome.Error}"),
                });
                continue;
            }

            if (outcome is null && change.Action != ChangeAction.NoOp)
            {
                list.Add((name, "pending", "pending", "Not applied yet (the run ended early): retrying"));
                continue;
            }

            // The state, not what this run did: a later look at the same commit (a periodic run) then posts nothing new.
            list.Add(change.Action switch
            {
                ChangeAction.Delete => (name, "success", "removed", "Removed: its manifest document is gone"),
                _ when change.Desired is null => (name, "success", "ready", $"Kept as deployed: {change.Reasons.FirstOrDefault()?.Text ?? "unchanged"}"),
                _ => (name, "success", "ready", $"Ready: {count}"),
            });
        }

        foreach (var stalled in result.Plan.Stalled)
        {
            list.Add(stalled.Class == ErrorClass.Waiting
                ? (stalled.Id.Name, "pending", "waiting", $"Waiting, kept as deployed: {stalled.Message}")
                : (stalled.Id.Name, "failure", "stalled", $"{Stall(stalled.Reason)}, kept as deployed: {stalled.Message}"));
        }

        return [.. list.OrderBy(s => s.Item1, StringComparer.Ordinal)];
    }

    private static string Stall(StallReason reason) => reason switch
    {
        StallReason.InvalidManifest => "Invalid manifest",
        StallReason.FileUnreadable => "Unreadable manifest file",
        StallReason.PlanLimit => "Plan limit",
        StallReason.RuntimeMissingTool => "Tool missing from the runtime",
        StallReason.NameClash => "Worker name taken",
        _ => "Not deployable",
    };

    private static int Rank(string state) => state switch
    {
        "error" => 0,
        "failure" => 1,
        "pending" => 2,
        _ => 3,
    };

    private static int Order(string word) => word switch
    {
        "ready" => 0,
        "removed" => 1,
        "waiting" => 2,
        "pending" => 3,
        "retrying" => 4,
        "stalled" => 5,
        _ => 6,
    };
}
