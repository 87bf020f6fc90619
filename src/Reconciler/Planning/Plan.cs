using McpSaas.Reconciler.Desired;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Planning;

/// <summary>What apply would do for one repository: computed by <see cref="Planner"/>, rendered by the renderers.</summary>
public sealed record Plan
{
    /// <summary><c>org/repo</c>.</summary>
    public required string Repo { get; init; }

    /// <summary>The source revision planned from (commit id, or <c>folder:…</c>).</summary>
    public required string Revision { get; init; }

    /// <summary>Every server, no-ops included, ordered by id.</summary>
    public required ValueArray<Change> Changes { get; init; }

    public required ValueArray<StalledServer> Stalled { get; init; }

    public int ToAdd => Changes.Count(c => c.Action == ChangeAction.Create);

    public int ToChange => Changes.Count(c => c.Action is ChangeAction.Update or ChangeAction.UpdateSecrets);

    public int ToDestroy => Changes.Count(c => c.Action == ChangeAction.Delete);

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoOp);

    /// <summary>A plan with nothing in it (a run that failed before planning).</summary>
    public static Plan Empty(Desired.RepoContext repo, string revision)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return new Plan
        {
            Repo = $"{repo.Org}/{repo.Name}",
            Revision = revision,
            Changes = ValueArray<Change>.Empty,
            Stalled = ValueArray<Desired.StalledServer>.Empty,
        };
    }
}
