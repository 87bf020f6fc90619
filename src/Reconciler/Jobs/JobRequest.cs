namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// A job to enqueue. Pending jobs for the same work coalesce into one (see <see cref="IJobQueue.EnqueueAsync"/>):
/// per repository one reconcile, one rename, and one plan per pull request.
/// </summary>
public sealed record JobRequest
{
    /// <summary>The serialisation key (<see cref="RepoKeys"/>).</summary>
    public required string RepoKey { get; init; }

    public required JobKind Kind { get; init; }

    public JobTriggers Trigger { get; init; } = JobTriggers.Webhook;

    public long? InstallationId { get; init; }

    public long? RepositoryId { get; init; }

    /// <summary>The commit to look at (a push's <c>after</c>, a pull request's head); null = the default branch's head at run time.</summary>
    public string? CommitSha { get; init; }

    /// <summary>The commit before it (a push's <c>before</c>), to order deliveries that arrive out of order.</summary>
    public string? BeforeSha { get; init; }

    /// <summary>Push order (a push's <c>repository.pushed_at</c>, a pull request's <c>updated_at</c>, Unix seconds): the newest wins.</summary>
    public long? Order { get; init; }

    public int? PullRequestNumber { get; init; }

    /// <summary>Whether the pull request's head lives in another repository (a fork).</summary>
    public bool FromFork { get; init; }

    /// <summary>For <see cref="JobKind.Rename"/>: the new owner (org) login.</summary>
    public string? RenameToOwner { get; init; }

    /// <summary>For <see cref="JobKind.Rename"/>: the new repository name.</summary>
    public string? RenameToName { get; init; }

    /// <summary>The webhook delivery that caused it, if any.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>Not before this time (jitter of periodic runs); default now.</summary>
    public DateTimeOffset? RunAfter { get; init; }

    /// <summary>The key pending jobs coalesce on.</summary>
    public string CoalesceKey => Kind switch
    {
        JobKind.Reconcile => $"{RepoKey}/reconcile",
        JobKind.Rename => $"{RepoKey}/rename",
        JobKind.Plan => $"{RepoKey}/pr/{PullRequestNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
