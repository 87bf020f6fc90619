using McpSaas.GitHub.Git;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Rebinding;
using McpSaas.Reconciler.Reconciling;
using McpSaas.WebhookApi.Installations;
using McpSaas.WebhookApi.State;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Reconcile;

/// <summary>
/// The reconciler behind the job runner (GitOps): a reconcile job applies the repository's default branch (or the
/// pushed commit) through the installation's token; a plan job plans a pull request's head and never applies (no
/// secret value read, no token issued, no server recorded), keeping the plan for reporting; a repository whose
/// installation is suspended or gone, or which left the installation, has its servers suspended in place (their
/// source cannot be read any more) until a reconcile of an active installation resumes them.
/// Servers that are stalled or waiting are statuses, not job failures: only a run that failed as a whole (the source
/// could not be read, the platform failed) is retried by the runner, by its error class.
/// </summary>
internal sealed partial class ReconcileJobHandler(
    RepoReconciler reconciler,
    GitHubSources sources,
    ServerSuspension suspension,
    PlatformObservationCache observations,
    IWebhookInbox inbox,
    RepositoryRemoval removal,
    TimeProvider time,
    IOptions<InstallationLifecycleOptions> lifecycle,
    IOptions<McpSaasStateOptions> state,
    ILogger<ReconcileJobHandler> logger) : IJobHandler
{
    public async Task<JobResult> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.Job;
        if (context.Repository is not { } repository)
        {
            return JobResult.Stalled($"repository {job.RepositoryId} is not recorded: it is reconciled once an installation event names it");
        }

        var inactive = repository.Removed || context.Installation?.Status is InstallationStatus.Suspended or InstallationStatus.Deleted;
        if (inactive)
        {
            if (job.Kind == JobKind.Plan)
            {
                return JobResult.Success();
            }

            // Uninstalled (or removed from the installation) longer than the grace period: the servers go.
            var gone = context.Installation?.Status == InstallationStatus.Deleted ? context.Installation.UpdatedAt : repository.Removed ? repository.UpdatedAt : (DateTimeOffset?)null;
            if (gone is { } since && since + lifecycle.Value.UninstallGrace <= time.GetUtcNow())
            {
                var deleted = await removal.RemoveAsync(repository.Owner, repository.Name, "mcpsaas:uninstall-grace",
                    $"the GitHub App left {repository.FullName} on {since:yyyy-MM-dd HH:mm}Z and the {lifecycle.Value.UninstallGrace.TotalDays:0.#}-day grace passed", cancellationToken).ConfigureAwait(false);
                Log.Removed(logger, repository.FullName, deleted);
                return JobResult.Success();
            }

            return await SuspendAsync(repository, cancellationToken).ConfigureAwait(false);
        }

        var plan = job.Kind == JobKind.Plan;
        var source = await sources.ForJobAsync(repository, job, Path.Combine(Path.GetFullPath(state.Value.DataDirectory), "git"), cancellationToken).ConfigureAwait(false);
        var request = new ReconcileRequest
        {
            Source = source,
            Repo = new RepoContext(repository.Owner, repository.Name, repository.IdentityInstallationId, repository.RepositoryId),
            Apply = !plan,
            Observation = observations.Current(),
            Trigger = job.DeliveryId is { } delivery ? $"webhook:{delivery}" : "schedule",
            Commit = job.CommitSha,
            PullRequest = plan && job.PullRequestNumber is { } number ? new PullRequestRef(number, job.CommitSha ?? "", job.FromFork) : null,
        };
        request = request with { Actor = await ActorAsync(job, cancellationToken).ConfigureAwait(false) };
        var result = await reconciler.ReconcileAsync(request, cancellationToken).ConfigureAwait(false);
        Log.Ran(logger, job.Id, repository.FullName, plan ? "plan" : "apply", result.Revision, result.Error?.Message);
        var resultJson = JsonPlanRenderer.Render(result.Plan);
        if (result.Error is { } error)
        {
            return error.Class switch
            {
                ErrorClass.Stalled => JobResult.Stalled(error.Message, resultJson),
                ErrorClass.Waiting => JobResult.Waiting(error.RetryAfter ?? TimeSpan.FromMinutes(5), error.Message),
                _ => error.RetryAfter is { } after ? JobResult.Waiting(after, error.Message) : JobResult.Transient(error.Message),
            };
        }

        var transient = result.Outcomes.Where(o => !o.Succeeded && o.Class == ErrorClass.Transient).ToList();
        if (transient.Count > 0)
        {
            var message = $"{transient.Count} server(s) not applied yet: {transient[0].Error}";
            return result.RetryAfter is { } retry && retry > TimeSpan.Zero ? JobResult.Waiting(retry, message) : JobResult.Transient(message);
        }

        return JobResult.Success(resultJson);
    }

    /// <summary>Who the audit log names: the GitHub user whose event caused the job (<c>github:&lt;sender&gt;</c>), else the scheduler.</summary>
    private async Task<string> ActorAsync(JobRecord job, CancellationToken cancellationToken) =>
        job.DeliveryId is { } delivery && await inbox.GetDeliveryAsync(delivery, cancellationToken).ConfigureAwait(false) is { Sender: { } sender }
            ? $"github:{sender}"
            : job.DeliveryId is null ? "mcpsaas:schedule" : "github";

    private async Task<JobResult> SuspendAsync(GitHubRepositoryRecord repository, CancellationToken cancellationToken)
    {
        var results = await suspension.SetAsync(repository.Owner, repository.Name, suspended: true, cancellationToken).ConfigureAwait(false);
        var failed = results.Where(r => r.Result.Status == RebindStatus.Failed).ToList();
        Log.Suspended(logger, repository.FullName, results.Count - failed.Count, failed.Count);
        return failed.Count == 0
            ? JobResult.Success()
            : JobResult.Transient($"{failed.Count} server(s) of {repository.FullName} not suspended yet: {failed[0].Result.Error}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Job {JobId}: {Mode} of {Repository} at {Revision}{Error}")]
        public static partial void Ran(ILogger logger, long jobId, string repository, string mode, string revision, string? error);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "{Repository}: uninstall grace passed, {Count} Worker(s) deleted")]
        public static partial void Removed(ILogger logger, string repository, int count);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "{Repository} is not served by an active installation: {Suspended} server(s) suspended, {Failed} not yet")]
        public static partial void Suspended(ILogger logger, string repository, int suspended, int failed);
    }
}
