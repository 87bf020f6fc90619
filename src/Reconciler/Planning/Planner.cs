using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Platforms;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Planning;

/// <summary>
/// The Diff step: desired state vs what the platform lists vs what was last applied (the inventory, with the
/// platform's receipt) → a <see cref="Plan"/>. Pure: no I/O, no clock. Only Workers owned by this repository are
/// considered; a Worker is deleted only when its document is gone (not when its server is stalled, nor when its
/// file cannot be read). Drift is an etag that differs from the one in the last receipt.
/// </summary>
public static class Planner
{
    /// <param name="repo">The repository planned.</param>
    /// <param name="revision">Source revision, for the record.</param>
    /// <param name="desired">Output of the Desire step.</param>
    /// <param name="observed">Workers the platform reports as owned by this McpSaas (any repository: filtered here).</param>
    /// <param name="applied">What the last apply recorded, by script name (from the state store's inventory).</param>
    public static Plan Compute(RepoContext repo, string revision, DesiredState desired, IEnumerable<DeployedWorker> observed, IReadOnlyDictionary<string, AppliedDeployment> applied)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(applied);

        var listed = observed.ToList();
        var owns = repo.OwnershipTest();
        var deployed = listed.Where(o => o.Ownership is { } owner && owns(owner)).ToDictionary(o => o.ScriptName, StringComparer.Ordinal);
        var foreign = listed.Where(o => !deployed.ContainsKey(o.ScriptName)).Select(o => o.ScriptName).ToHashSet(StringComparer.Ordinal);
        var changes = new List<Change>();
        var clashes = new List<StalledServer>();

        foreach (var want in desired.Workers)
        {
            if (foreign.Contains(want.ScriptName))
            {
                clashes.Add(new StalledServer(want.Id, want.SourcePath, StallReason.NameClash,
                    $"the Worker name '{want.ScriptName}' is taken by a script this McpSaas does not own; it is left untouched: rename or remove that script, or rename the server"));
                continue;
            }

            deployed.TryGetValue(want.ScriptName, out var have);
            applied.TryGetValue(want.ScriptName, out var previous);
            changes.Add(PlanOne(want, have, previous));
        }

        var desiredScripts = desired.Workers.Select(w => w.ScriptName).ToHashSet(StringComparer.Ordinal);
        var stalled = desired.Stalled.Select(s => s.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var keptFiles = desired.KeptFiles.ToHashSet(StringComparer.Ordinal);
        foreach (var have in deployed.Values.Where(d => !desiredScripts.Contains(d.ScriptName)))
        {
            applied.TryGetValue(have.ScriptName, out var previous);
            if (!ServerId.TryParse(have.Ownership!.ServerId ?? previous?.Summary?.ServerId, out var id))
            {
                continue; // owned by this repository, but no record says which server: never deleted on a guess
            }

            if (stalled.Contains(id.ToString()))
            {
                continue; // kept as deployed; reported under Stalled
            }

            var path = previous?.Summary?.SourcePath;
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
                Applied = previous?.Summary,
                Deployed = have,
            });
        }

        // A stalled server keeps what is deployed: say what that is (for reporters: the tools clients have now).
        var appliedById = applied.Values.Where(a => a.Summary is not null)
            .GroupBy(a => a.Summary!.ServerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Summary, StringComparer.Ordinal);
        var allStalled = clashes.Count == 0 ? desired.Stalled : desired.Stalled.Concat(clashes).OrderBy(s => s.Id.ToString(), StringComparer.Ordinal).ToValueArray();
        return new Plan
        {
            Repo = $"{repo.Org}/{repo.Name}",
            Revision = revision,
            Changes = changes.OrderBy(c => c.Id.ToString(), StringComparer.Ordinal).ThenBy(c => c.ScriptName, StringComparer.Ordinal).ToValueArray(),
            Stalled = allStalled.Select(s => appliedById.TryGetValue(s.Id.ToString(), out var last) ? s with { Applied = last } : s).ToValueArray(),
        };
    }

    private static Change PlanOne(DesiredWorker want, DeployedWorker? have, AppliedDeployment? applied)
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

        // What is deployed: the inventory's hash when there is a record, else what the platform recorded on the Worker
        // (in full, or a prefix of it: a run killed between deploy and record is recognised, not deployed again).
        var deployedHash = applied?.ContentHash ?? have.Ownership?.ContentHash;
        var drifted = applied?.Etag is { } receipt && have.Etag is { } etag && receipt != etag;
        var sameContent = applied is not null ? applied.ContentHash == want.ContentHash : have.Ownership?.HasContent(want.ContentHash) == true;
        if (drifted && applied!.ContentHash != want.ContentHash && have.Ownership?.HasContent(want.ContentHash) == true)
        {
            // A new version whose ownership record names exactly the content wanted now, which no record has yet: McpSaas's
            // own write from a run that ended before it recorded it (killed), not a change made outside. Recorded, not
            // deployed again.
            return new Change
            {
                Id = want.Id,
                ScriptName = want.ScriptName,
                Action = ChangeAction.NoOp,
                Reasons = ValueArray<Reason>.Empty,
                UnchangedTools = want.Summary.Tools.Count,
                Desired = want,
                Deployed = have,
                Applied = applied.Summary,
            };
        }

        if (!drifted && sameContent)
        {
            return new Change
            {
                Id = want.Id,
                ScriptName = want.ScriptName,
                Action = ChangeAction.NoOp,
                Reasons = ValueArray<Reason>.Empty,
                UnchangedTools = want.Summary.Tools.Count,
                Applied = applied?.Summary,
                Desired = want,
                Deployed = have,
                AdoptEtag = applied is not null && applied.Etag is null ? have.Etag : null,
            };
        }

        var previous = applied?.Summary;
        if (!drifted && previous is not null && deployedHash == previous.ContentHash && previous.CodeHash is { } code && code == want.CodeHash)
        {
            // Only secret versions or keys differ: rebind in place, no upload.
            var (secretReasons, rebound, keysChanged) = SummaryDiff.Rebind(previous, want.Summary);
            return new Change
            {
                Id = want.Id,
                ScriptName = want.ScriptName,
                Action = ChangeAction.UpdateSecrets,
                Reasons = secretReasons.ToValueArray(),
                UnchangedTools = want.Summary.Tools.Count,
                ReboundSecrets = rebound.ToValueArray(),
                KeysRebound = keysChanged,
                Applied = previous,
                Desired = want,
                Deployed = have,
            };
        }

        var reasons = new List<Reason>();
        if (drifted)
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
        else if (deployedHash != want.ContentHash)
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
            Drifted = drifted,
            Applied = previous,
            Desired = want,
            Deployed = have,
        };
    }
}
