using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Cli.Local;

/// <summary>
/// The local usage endpoint's side of the servers' usage route: when the endpoint comes (back) up it tells every
/// deployed server to deliver what waits now and fetch a fresh quota verdict (a server's own backoff may otherwise
/// wait minutes); a sweep does the same for servers still holding events; and it asks a server how complete its
/// usage is. Each server is asked with its own usage token.
/// </summary>
internal sealed class UsageNudger(LocalStack stack)
{
    /// <summary>A server whose next attempt is further away than this, with events waiting, is nudged by a sweep.</summary>
    public static readonly TimeSpan SweepSlack = TimeSpan.FromSeconds(10);

    /// <summary>The owner of what the CLI deploys (<see cref="RepoReconciler.Owner"/> of a repository without a GitHub installation).</summary>
    public const string LocalOwner = "local";

    private const int Parallelism = 8;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly WorkerUsageClient _client = new(Http);

    /// <summary>Nudges every deployed server (or those <paramref name="which"/> selects); the results, one per server.</summary>
    public async Task<IReadOnlyList<NudgeOutcome>> NudgeAsync(Func<ServerId, bool>? which, CancellationToken cancellationToken)
    {
        var targets = await TargetsAsync(which, cancellationToken);
        return await ForEachAsync(targets, (t, token) => _client.FlushAsync(t.Endpoint, t.Token, token), cancellationToken);
    }

    /// <summary>Nudges the servers that hold events or drops and would otherwise wait longer than <see cref="SweepSlack"/>.</summary>
    public async Task<IReadOnlyList<NudgeOutcome>> SweepAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var targets = await TargetsAsync(null, cancellationToken);
        var statuses = await ForEachAsync(targets, (t, token) => _client.StatusAsync(t.Endpoint, t.Token, token), cancellationToken);
        var late = targets.Zip(statuses)
            .Where(p => p.Second.Result.Status is { } s && (s.Pending > 0 || s.Dropped > 0)
                && (s.NextAttemptAt is not { } next || next > time.GetUtcNow() + SweepSlack))
            .Select(p => p.First)
            .ToList();
        return await ForEachAsync(late, (t, token) => _client.FlushAsync(t.Endpoint, t.Token, token), cancellationToken);
    }

    /// <summary>One server's usage status (what waits in its outbox), an error when it cannot be asked, null when it is not deployed.</summary>
    public async Task<WorkerUsageResult?> StatusAsync(ServerId id, CancellationToken cancellationToken)
    {
        var target = (await TargetsAsync(s => s == id, cancellationToken)).FirstOrDefault();
        return target is null ? null : await _client.StatusAsync(target.Endpoint, target.Token, cancellationToken);
    }

    private async Task<List<NudgeTarget>> TargetsAsync(Func<ServerId, bool>? which, CancellationToken cancellationToken)
    {
        var tokens = new UsageTokens(stack.Store, stack.Key);
        var targets = new List<NudgeTarget>();
        // A damaged deployment folder is left out of the listing (`apply` reports and repairs it): nobody to nudge there.
        var deployed = (await stack.Platform.ListAsync(cancellationToken)).Where(w => w.Ownership?.Owner == LocalOwner);
        foreach (var worker in deployed)
        {
            if (!ServerId.TryParse(worker.Ownership!.ServerId, out var id) || (which is not null && !which(id)))
            {
                continue;
            }

            var server = await stack.Store.GetServerAsync(id, cancellationToken);
            if (server is null)
            {
                continue;
            }

            try
            {
                targets.Add(new NudgeTarget(id, worker.Endpoint, await tokens.TokenAsync(id, server.UsageTokenVersion, cancellationToken)));
            }
            catch (SecretUnavailableException)
            {
                // no secrets key: no token to ask with (the server could not have been deployed with one either)
            }
        }

        return targets;
    }

    private static async Task<IReadOnlyList<NudgeOutcome>> ForEachAsync(
        IReadOnlyList<NudgeTarget> targets, Func<NudgeTarget, CancellationToken, Task<WorkerUsageResult>> call, CancellationToken cancellationToken)
    {
        var results = new NudgeOutcome[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) => results[i] = new NudgeOutcome(targets[i].Id, await call(targets[i], token)));
        return results;
    }

    private sealed record NudgeTarget(ServerId Id, string Endpoint, SensitiveToken Token);
}
