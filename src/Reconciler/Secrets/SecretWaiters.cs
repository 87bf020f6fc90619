using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// When a secret is set, the GitOps repositories with a server waiting for exactly that secret are queued for a
/// reconcile at once (trigger <see cref="JobTriggers.Manual"/>), so under <c>serve</c> a waiting server is deployed
/// within seconds of <c>secrets set</c> (from the CLI or the status UI) rather than at the next periodic run. Only
/// repositories of an active App installation are queued; local sources have no queue (<c>up</c> watches them).
/// </summary>
public sealed class SecretWaiters(IStateStore servers, IGitHubStore github, IJobQueue queue)
{
    /// <summary>Queues the reconciles; the repositories queued (<c>owner/name</c>).</summary>
    public async Task<IReadOnlyList<string>> QueueAsync(SecretScope scope, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var waiting = (await servers.ListServersAsync(scope.Org, scope.Repo, cancellationToken).ConfigureAwait(false))
            .Where(s => s.State == ServerState.Waiting && s.MissingSecrets.Contains(name, StringComparer.Ordinal))
            .Select(s => (s.Id.Org, s.Id.Repo))
            .ToHashSet();
        if (waiting.Count == 0)
        {
            return [];
        }

        var queued = new List<string>();
        foreach (var repository in await github.ListActiveRepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!waiting.Contains((repository.Owner, repository.Name)))
            {
                continue;
            }

            await queue.EnqueueAsync(new JobRequest
            {
                RepoKey = repository.RepoKey,
                Kind = JobKind.Reconcile,
                Trigger = JobTriggers.Manual,
                InstallationId = repository.InstallationId,
                RepositoryId = repository.RepositoryId,
            }, cancellationToken).ConfigureAwait(false);
            queued.Add(repository.FullName);
        }

        return queued;
    }
}
