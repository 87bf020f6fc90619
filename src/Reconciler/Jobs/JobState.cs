namespace McpSaas.Reconciler.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobState
{
    /// <summary>Waiting for its <see cref="JobRecord.RunAfter"/> time and for its repository to be free.</summary>
    Pending,

    /// <summary>Claimed by a runner holding a lease; claimable again once the lease expires (the runner died).</summary>
    Running,

    Succeeded,

    /// <summary>A configuration error: not retried until the input changes (a new push, an installation change).</summary>
    Stalled,

    /// <summary>Gave up after the retries the runner allows.</summary>
    Failed,

    /// <summary>Merged into a newer pending job for the same work (after a crash or a retry that met a newer job).</summary>
    Superseded,
}
