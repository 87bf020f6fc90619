using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;

namespace McpSaas.WebhookApi.Jobs;

/// <summary>
/// Runs one claimed job: renames itself (a store operation under the repository's lease, so no reconcile of that
/// repository runs meanwhile), reconcile and plan jobs through the <see cref="IJobHandler"/> with the repository and
/// installation records looked up when the job starts.
/// </summary>
public sealed class JobDispatcher
{
    private readonly IJobHandler _handler;
    private readonly IGitHubStore _github;

    public JobDispatcher(IJobHandler handler, IGitHubStore github)
    {
        _handler = handler;
        _github = github;
    }

    public async Task<JobResult> DispatchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Kind == JobKind.Rename)
        {
            return await RenameAsync(job, cancellationToken).ConfigureAwait(false);
        }

        var repository = job.RepositoryId is { } id ? await _github.GetRepositoryAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var installationId = repository?.InstallationId ?? job.InstallationId;
        var installation = installationId is { } inst ? await _github.GetInstallationAsync(inst, cancellationToken).ConfigureAwait(false) : null;
        return await _handler.HandleAsync(new JobContext { Job = job, Repository = repository, Installation = installation }, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<JobResult> RenameAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.RepositoryId is not { } id || job.RenameToOwner is not { } owner || job.RenameToName is not { } name)
        {
            return JobResult.Stalled($"rename job {job.Id} lacks the repository id or the new names");
        }

        var result = await _github.RenameRepositoryAsync(id, owner, name, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            RenameOutcome.Renamed or RenameOutcome.Unchanged => JobResult.Success(),
            RenameOutcome.Conflict => JobResult.Stalled(
                $"cannot rename {result.From} to {result.To}: servers with that name already exist (another repository had it); remove them or rename the repository again"),
            _ => JobResult.Stalled($"repository {id} is not recorded: nothing to rename"),
        };
    }
}
