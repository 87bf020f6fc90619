using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Platforms;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Planning;

/// <summary>
/// The Diff step: desired state vs what the platform reports vs what was last applied → a <see cref="Plan"/>.
/// Pure: no I/O, no clock. Only Workers owned by this repository are considered; a Worker is deleted only when
/// its document is gone (not when its server is stalled, nor when its file cannot be read).
/// </summary>
public static class Planner
{
    /// <param name="repo">The repository planned.</param>
    /// <param name="revision">Source revision, for the record.</param>
    /// <param name="desired">Output of the Desire step.</param>
    /// <param name="observed">Workers the platform reports as owned by this McpSaas (any repository: filtered here).</param>
    /// <param name="applied">Last applied summaries by script name (from the state store).</param>
    public static Plan Compute(RepoContext repo, string revision, DesiredState desired, IEnumerable<DeployedWorker> observed, IReadOnlyDictionary<string, DeploymentSummary> applied)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(applied);

        var deployed = observed.Where(o => repo.Owns(o.Ownership)).ToDictionary(o => o.ScriptName, StringComparer.Ordinal);
        var changes = new List<Change>();

        foreach (var want in desired.Workers)
        {
            deployed.TryGetValue(want.ScriptName, out var have);
            applied.TryGetValue(want.ScriptName, out var previous);
            changes.Add(PlanOne(want, have, previous));
        }

        var desiredScripts = desired.Workers.Select(w => w.ScriptName).ToHashSet(StringComparer.Ordinal);
        var stalled = desired.Stalled.Select(s => s.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var keptFiles = desired.KeptFiles.ToHashSet(StringComparer.Ordinal);
        foreach (var have in deployed.Values.Where(d => !desiredScripts.Contains(d.ScriptName)))
        {
            if (stalled.Contains(have.Ownership.ServerId))
            {
                continue; // kept as deployed; reported under Stalled
            }

            var id = ServerId.TryParse(have.Ownership.ServerId, out var parsed) ? parsed : new ServerId(repo.Org, repo.Name, have.ScriptName);
            applied.TryGetValue(have.ScriptName, out var previous);
            var path = previous?.SourcePath;
            if ((path is not null && keptFiles.Contains(path)) || (path is null && keptFiles.Count > 0))
            {
                changes.Add(new Change
                {
                    Id = id,
                    ScriptName = have.ScriptName,
                    Action = ChangeAction.NoOp,
                    Reasons = ValueArray.Create(Reason.Changed($"kept: {path ?? "its manifest file"} cannot be read")),
                    Deployed = have,
                });
                continue;
            }

            changes.Add(new Change
            {
                Id = id,
                ScriptName = have.ScriptName,
                Action = ChangeAction.Delete,
                Reasons = ValueArray.Create(Reason.Removed(path is null ? "document removed" : $"document removed from {path}")),
                Deployed = have,
            });
        }

        return new Plan
        {
            Repo = $"{repo.Org}/{repo.Name}",
            Revision = revision,
            Changes = changes.OrderBy(c => c.Id.ToString(), StringComparer.Ordinal).ThenBy(c => c.ScriptName, StringComparer.Ordinal).ToValueArray(),
            Stalled = desired.Stalled,
        };
    }

    private static Change PlanOne(DesiredWorker want, DeployedWorker? have, DeploymentSummary? previous)
    {
        if (have is null)
        {
            return new Change
            {
                Id = want.Id,
                ScriptName = want.ScriptName,
                Action = ChangeAction.Create,
                Reasons = SummaryDiff.Creation(want.Summary).ToValueArray(),
                Desired = want,
            };
        }

        if (!have.Drifted && have.Ownership.ContentHash == want.ContentHash)
        {
            return new Change
            {
                Id = want.Id,
                ScriptName = want.ScriptName,
                Action = ChangeAction.NoOp,
                Reasons = ValueArray<Reason>.Empty,
                UnchangedTools = want.Summary.Tools.Count,
                Desired = want,
                Deployed = have,
            };
        }

        var reasons = new List<Reason>();
        if (have.Drifted)
        {
            reasons.Add(Reason.Changed("drift: changed outside McpSaas"));
        }

        var unchanged = want.Summary.Tools.Count;
        if (previous is null)
        {
            reasons.Add(Reason.Changed("no record of the last apply: redeploying to be sure"));
        }
        else if (previous.ContentHash != want.ContentHash)
        {
            var (diff, unchangedTools) = SummaryDiff.Between(previous, want.Summary);
            reasons.AddRange(diff);
            unchanged = unchangedTools;
        }
        else if (have.Ownership.ContentHash != want.ContentHash)
        {
            reasons.Add(Reason.Changed("the deployed version is not the last applied one"));
        }

        return new Change
        {
            Id = want.Id,
            ScriptName = want.ScriptName,
            Action = ChangeAction.Update,
            Reasons = reasons.ToValueArray(),
            UnchangedTools = unchanged,
            Drifted = have.Drifted,
            Desired = want,
            Deployed = have,
        };
    }
}
