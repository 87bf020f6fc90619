using System.Globalization;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Diagnostics;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Everything a run tells GitHub, computed once: the run and its request, the MCP tool-surface diff, the plan-tier
/// impact and the manifest problems; the check run's conclusion and title follow from it. Rendered by
/// <see cref="ReportMarkdown"/> and <see cref="CommitStatuses"/>. Holds no secret value.
/// </summary>
internal sealed record RunReport
{
    public required RepoContext Repo { get; init; }

    /// <summary>The commit reported on (the revision read, or the pull request's head when the read failed).</summary>
    public required string Sha { get; init; }

    public required ReconcileRequest Request { get; init; }

    public required ReconcileResult Result { get; init; }

    public required ValueArray<ServerSurface> Surfaces { get; init; }

    public required TierImpact Impact { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary><c>MCPSAAS_PublicBaseUrl</c>, without a trailing slash; null when not set.</summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>Every diagnostic of every manifest file, in file order.</summary>
    public ValueArray<Diagnostic> Problems => Result.Files.SelectMany(f => f.AllDiagnostics).ToValueArray();

    public int Errors => Problems.Count(d => d.IsError);

    /// <summary>An apply of the default branch (not a pull request's plan).</summary>
    public bool IsApply => Request.Apply && Request.PullRequest is null;

    /// <summary>A periodic run (the scheduler's), not a push or a pull request.</summary>
    public bool IsPeriodic => Request.Trigger == "schedule";

    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary><c>failure</c> when a manifest has an error, a server cannot be deployed, an apply failed or the run failed; <c>neutral</c> when there is nothing to do; <c>success</c> otherwise.</summary>
    public string Conclusion =>
        Result.Error is not null || Errors > 0 || Result.Plan.Stalled.Count > 0 || Result.Outcomes.Any(o => !o.Succeeded) ? "failure"
        : Result.Plan.HasChanges ? "success"
        : "neutral";

    /// <summary>One line for the check run: problems first, then what the plan does (or did).</summary>
    public string Title
    {
        get
        {
            if (Result.Error is { } error)
            {
                return $"Reconcile failed ({error.Step}): {Truncate(error.Message, 180)}";
            }

            var parts = new List<string>();
            if (Errors > 0)
            {
                parts.Add(Count(Errors, "manifest error"));
            }

            var stalled = Result.Plan.Stalled.Count;
            if (stalled > 0)
            {
                parts.Add($"{Count(stalled, "server")} not deployable");
            }

            var failed = Result.Outcomes.Count(o => !o.Succeeded);
            if (failed > 0)
            {
                parts.Add($"{Count(failed, "deploy")} failed");
            }

            var plan = Result.Plan;
            parts.Add(!plan.HasChanges ? "No changes"
                : IsApply && Result.Applied ? string.Create(CultureInfo.InvariantCulture, $"Applied: {plan.ToAdd} added, {plan.ToChange} changed, {plan.ToDestroy} destroyed")
                : string.Create(CultureInfo.InvariantCulture, $"Plan: {plan.ToAdd} to add, {plan.ToChange} to change, {plan.ToDestroy} to destroy"));
            return string.Join(" · ", parts);
        }
    }

    /// <summary>The server's status page under the public base URL; null without one.</summary>
    public string? ServerPage(string serverName) => PublicBaseUrl is null ? null
        : $"{PublicBaseUrl}/orgs/{Uri.EscapeDataString(Repo.Org)}/servers/{Uri.EscapeDataString(Repo.Name)}/{Uri.EscapeDataString(serverName)}";

    /// <summary>The repository's servers page under the public base URL; null without one.</summary>
    public string? RepositoryPage => PublicBaseUrl is null ? null
        : $"{PublicBaseUrl}/orgs/{Uri.EscapeDataString(Repo.Org)}/servers/{Uri.EscapeDataString(Repo.Name)}";

    internal static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    internal static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>What a change does, as a word.</summary>
    internal static string Verb(ChangeAction action, bool applied) => (action, applied) switch
    {
        (ChangeAction.Create, true) => "created",
        (ChangeAction.Create, false) => "to create",
        (ChangeAction.Update, true) => "updated",
        (ChangeAction.Update, false) => "to update",
        (ChangeAction.UpdateSecrets, true) => "rebound",
        (ChangeAction.UpdateSecrets, false) => "to rebind",
        (ChangeAction.Delete, true) => "removed",
        (ChangeAction.Delete, false) => "to remove",
        _ => "unchanged",
    };
}
