namespace McpSaas.Reconciler.Jobs;

/// <summary>What a queued job does. A closed set: the runner dispatches on it.</summary>
public enum JobKind
{
    /// <summary>Reconcile a repository's default branch and apply (push, periodic run, installation change).</summary>
    Reconcile,

    /// <summary>Plan a pull request's head: never an apply, no secret resolved, no server created.</summary>
    Plan,

    /// <summary>Rename a repository's servers everywhere they are stored (its GitHub id stays); run by the runner itself.</summary>
    Rename,
}
