using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// Apply: makes each change of the plan real on the platform, one server at a time, each independent of the others.
/// A server's secret values are resolved just before its own write (a missing one makes that server wait, nothing of
/// it changes); transient failures are retried (<see cref="PlatformRetry"/>); a spent request budget defers the rest
/// of the run to a later one. Then one commit makes the batch live (local: one checked restart). What is live is left
/// on the run for the record step.
/// </summary>
public sealed partial class ApplyStep(
    IStateStore store,
    UsageTokens usageTokens,
    ISecretResolver secrets,
    IWorkerPlatform platform,
    PlatformRetry retry,
    ILogger<ApplyStep>? logger = null) : IReconcileStep
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public string Name => "apply";

    public async Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var plan = run.Plan ?? throw new InvalidOperationException("apply runs after plan");
        var pending = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();
        if (pending.Count == 0)
        {
            // Nothing to write, but what is deployed must be served: a platform that batches (local) starts its
            // runtime again if it went down; a failure to do so fails the run instead of reporting "no changes".
            await retry.RunAsync("commit", platform.CommitAsync, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Servers get their row (first-seen) before their first deploy; new ones their usage token.
        var deploying = pending.Where(c => c.Desired is not null).Select(c => c.Id).ToList();
        if (deploying.Count > 0)
        {
            await store.EnsureServersAsync(deploying, cancellationToken).ConfigureAwait(false);
        }

        await MarkDeployingAsync(run, pending, cancellationToken).ConfigureAwait(false);

        var written = new List<(Change Change, DeployReceipt? Receipt)>();
        PlatformException? deferred = null;
        var index = 0;
        foreach (var change in pending)
        {
            index++;
            cancellationToken.ThrowIfCancellationRequested();
            if (deferred is not null)
            {
                run.Outcomes.Add(ApplyOutcome.Failure(change, ErrorClass.Transient, $"deferred to a later run: {deferred.Message}", deferred.RetryAfter));
                continue;
            }

            if (StalledOn(run, change) is { } stalledReason)
            {
                // The platform refused this very content as a configuration error: not again until the input changes.
                run.Outcomes.Add(ApplyOutcome.Failure(change, ErrorClass.Stalled, stalledReason));
                continue;
            }

            run.Report($"{Verb(change.Action)} {change.Id} ({index}/{pending.Count})");
            try
            {
                var receipt = await WriteAsync(run, change, cancellationToken).ConfigureAwait(false);
                run.Writes++;
                written.Add((change, receipt));
            }
            catch (SecretUnavailableException e)
            {
                Log.ChangeFailed(_logger, change.Id.ToString(), change.Action.ToString(), e.Message);
                run.Outcomes.Add(ApplyOutcome.Failure(change, ErrorClass.Waiting, e.Message));
            }
            catch (PlatformException e) when (e.BudgetExhausted)
            {
                Log.Deferred(_logger, change.Id.ToString(), e.Message);
                deferred = e;
                run.Outcomes.Add(ApplyOutcome.Failure(change, ErrorClass.Transient, $"deferred to a later run: {e.Message}", e.RetryAfter));
            }
            catch (PlatformException e)
            {
                Log.ChangeFailed(_logger, change.Id.ToString(), change.Action.ToString(), e.Message);
                run.Outcomes.Add(ApplyOutcome.Failure(change, e.Class, e.Message, e.RetryAfter));
                await HistoryAsync(run, change, e.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        if (written.Count == 0)
        {
            await retry.RunAsync("commit", platform.CommitAsync, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Make it live (local: one checked restart for the whole run, only when the config changed).
        run.Report($"making {written.Count} change{(written.Count == 1 ? "" : "s")} live on the {platform.Name} platform");
        CommitResult commit;
        try
        {
            commit = await retry.RunAsync("commit", platform.CommitAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            Log.CommitFailed(_logger, e.Message);
            foreach (var (change, _) in written)
            {
                run.Outcomes.Add(ApplyOutcome.Failure(change, e.Class, e.Message, e.RetryAfter));
                await HistoryAsync(run, change, e.Message, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var (change, receipt) in written)
        {
            if (commit.Failed.TryGetValue(change.ScriptName, out var failure))
            {
                Log.ChangeFailed(_logger, change.Id.ToString(), change.Action.ToString(), failure.Message);
                run.Outcomes.Add(ApplyOutcome.Failure(change, failure.Class, failure.Message));
                await HistoryAsync(run, change, failure.Message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                run.Live.Add((change, receipt));
                run.Outcomes.Add(ApplyOutcome.Success(change, receipt?.Endpoint));
            }
        }
    }

    private async Task<DeployReceipt?> WriteAsync(ReconcileRun run, Change change, CancellationToken cancellationToken)
    {
        switch (change.Action)
        {
            case ChangeAction.Delete:
                await retry.RunAsync($"delete of {change.ScriptName}", token => platform.DeleteAsync(change.Deployed!, token), cancellationToken).ConfigureAwait(false);
                return null;
            case ChangeAction.UpdateSecrets:
            {
                var worker = change.Desired!;
                var rebound = new List<ReboundSecret>();
                foreach (var binding in worker.Bindings.OfType<SecretTextBinding>().Where(b => change.ReboundSecrets.Contains(b.Name)))
                {
                    rebound.Add(new ReboundSecret(binding, await ResolveAsync(worker, binding, cancellationToken).ConfigureAwait(false)));
                }

                var json = change.KeysRebound
                    ? worker.Bindings.OfType<JsonBinding>().Where(b => b.Name == DeploymentHash.KeyHashesBinding).ToValueArray()
                    : ValueArray<JsonBinding>.Empty;
                var rebind = new WorkerRebind(worker.ScriptName, worker.Ownership, json, rebound);
                return await retry.RunAsync($"rebind of {change.ScriptName}", token => platform.RebindAsync(rebind, token), cancellationToken).ConfigureAwait(false);
            }

            default:
            {
                var worker = change.Desired!;
                var issue = await usageTokens.IssueAsync(worker.Id, cancellationToken).ConfigureAwait(false); // once per server; later calls read it
                if (issue.Error is not null)
                {
                    throw new PlatformException(ErrorClass.Stalled, $"cannot issue the usage token of {worker.Id}: {issue.Error}");
                }

                var values = new Dictionary<string, SecretValue>(StringComparer.Ordinal);
                foreach (var binding in worker.Bindings.OfType<SecretTextBinding>())
                {
                    values[binding.Name] = await ResolveAsync(worker, binding, cancellationToken).ConfigureAwait(false);
                }

                var deployment = new WorkerDeployment(worker, values) { SecretsInPlace = SecretsInPlace(run, change) };
                return await retry.RunAsync($"deploy of {change.ScriptName}", token => platform.DeployAsync(deployment, token), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Secret bindings an update finds on the Worker at the wanted versions (the last record, unless the Worker drifted).</summary>
    private static HashSet<string> SecretsInPlace(ReconcileRun run, Change change)
    {
        var inPlace = new HashSet<string>(StringComparer.Ordinal);
        if (change.Action != ChangeAction.Update || change.Drifted || change.Desired is not { } worker
            || run.State?.Applied.TryGetValue(change.ScriptName, out var applied) != true || applied?.Summary is not { } previous)
        {
            return inPlace;
        }

        foreach (var secret in worker.Summary.Secrets.Where(previous.Secrets.Contains))
        {
            inPlace.Add(secret.Binding);
        }

        return inPlace;
    }

    /// <summary>
    /// Shows a deploy in progress: each server about to be written is <c>reconciling</c> with a reason saying so, so the
    /// status UI (and <c>servers list</c>, in another process too) sees it while the platform works. The report step
    /// writes every such server's outcome at the end of the run.
    /// </summary>
    private async Task MarkDeployingAsync(ReconcileRun run, List<Change> pending, CancellationToken cancellationToken)
    {
        var marks = pending
            .Where(c => c.Desired is not null && StalledOn(run, c) is null)
            .Select(c => new ServerStatusUpdate
            {
                Id = c.Id,
                State = ServerState.Reconciling,
                Reason = $"deploying: {Doing(c.Action)}{(run.Revision.Length > 0 ? $" at {ShortRevision(run.Revision)}" : "")}",
                ObservedRevision = run.Revision.Length > 0 ? run.Revision : null,
            })
            .ToList();
        if (marks.Count == 0)
        {
            return;
        }

        await store.UpdateServerStatusAsync(marks, cancellationToken).ConfigureAwait(false);
        foreach (var mark in marks)
        {
            run.MarkedDeploying.Add(mark.Id.ToString());
        }
    }

    private static string Doing(ChangeAction action) => action switch
    {
        ChangeAction.Create => "creating it",
        ChangeAction.UpdateSecrets => "rebinding its secrets or keys",
        _ => "updating it",
    };

    private static string ShortRevision(string revision) =>
        revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower) ? revision[..12] : revision;

    private static string? StalledOn(ReconcileRun run, Change change) =>
        change.Desired is { } desired && run.State is { } state
        && state.Servers.TryGetValue(change.Id.ToString(), out var server)
        && server.State == ServerState.Stalled && server.StalledHash == desired.ContentHash
            ? server.Reason ?? "the platform refused this version"
            : null;

    private async Task<SecretValue> ResolveAsync(DesiredWorker worker, SecretTextBinding binding, CancellationToken cancellationToken) =>
        new(await secrets.ResolveAsync(worker.Id.ToString(), binding.Source, cancellationToken).ConfigureAwait(false));

    private Task HistoryAsync(ReconcileRun run, Change change, string message, CancellationToken cancellationToken) =>
        store.AppendDeployHistoryAsync(new DeployHistoryEntry
        {
            ServerId = change.Id,
            Action = RecordStep.ToDeployAction(change.Action),
            Succeeded = false,
            Platform = platform.Name,
            ScriptName = change.ScriptName,
            ContentHash = change.Desired?.ContentHash,
            Revision = run.Revision,
            Message = message,
            PlanText = run.Plan is { } plan ? ServerPlanText.For(plan, change) : null,
        }, cancellationToken);

    private static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "creating",
        ChangeAction.Update => "updating",
        ChangeAction.UpdateSecrets => "rebinding the secrets of",
        _ => "deleting",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Action} of {ServerId} failed: {Error}")]
        public static partial void ChangeFailed(ILogger logger, string serverId, string action, string error);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Deferring {ServerId} and the rest of the run: {Error}")]
        public static partial void Deferred(ILogger logger, string serverId, string error);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Commit failed: {Error}")]
        public static partial void CommitFailed(ILogger logger, string error);
    }
}
