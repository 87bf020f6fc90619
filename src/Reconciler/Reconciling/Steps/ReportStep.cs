using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>
/// Report: runs at the end of every run, whatever happened (the reconciler calls it from a <c>finally</c>). An apply
/// writes each server's status (ready, reconciling with the retry reason, waiting, stalled) and the repository's run
/// status (so a source or plan failure is recorded too), then every <see cref="IReconcileReporter"/> is told. A plan
/// changes nothing in the state store. <see cref="StartedAsync"/> tells the reporters earlier, once the source is read.
/// </summary>
public sealed partial class ReportStep(IStateStore store, IEnumerable<IReconcileReporter> reporters, ILogger<ReportStep>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly IReadOnlyList<IReconcileReporter> _reporters = [.. reporters];

    /// <summary>Tells every reporter that the run read its source (the revision is known) and goes on; failures are logged.</summary>
    public async Task StartedAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var reporter in _reporters)
        {
            try
            {
                await reporter.StartedAsync(run.Request, run.Revision, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReporterFailed(_logger, reporter.GetType().Name, e.Message);
            }
        }
    }

    public async Task RunAsync(ReconcileRun run, ReconcileResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        if (run.Request.Apply)
        {
            try
            {
                await WriteStatusAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is StateStoreException or IOException)
            {
                Log.StatusFailed(_logger, e.Message);
            }
        }

        foreach (var reporter in _reporters)
        {
            try
            {
                await reporter.ReportAsync(run.Request, result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReporterFailed(_logger, reporter.GetType().Name, e.Message);
            }
        }
    }

    private async Task WriteStatusAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        await store.UpdateRepoRunAsync(new RepoRunStatus
        {
            Org = run.Repo.Org,
            Repo = run.Repo.Name,
            State = run.Error is { } error ? ClassWord(error.Class) : "ok",
            Reason = run.Error is { } e ? $"{e.Step}: {e.Message}" : null,
            Revision = run.Snapshot is null ? null : run.Revision,
        }, cancellationToken).ConfigureAwait(false);

        if (run.Plan is not { } plan || run.State is not { } state)
        {
            return; // failed before planning: what is deployed, and its status, stay as they are
        }

        var outcomes = run.Outcomes.ToDictionary(o => o.Id.ToString(), StringComparer.Ordinal);
        var updates = new List<ServerStatusUpdate>();
        foreach (var stalled in plan.Stalled)
        {
            updates.Add(new ServerStatusUpdate
            {
                Id = stalled.Id,
                State = stalled.Class == ErrorClass.Waiting ? ServerState.Waiting : ServerState.Stalled,
                Reason = stalled.Message,
                ObservedRevision = run.Revision,
                MissingSecrets = stalled.MissingSecrets,
            });
        }

        foreach (var change in plan.Changes.Where(c => c.Action != ChangeAction.Delete))
        {
            var update = new ServerStatusUpdate { Id = change.Id, State = ServerState.Ready, ObservedRevision = run.Revision };
            if (outcomes.TryGetValue(change.Id.ToString(), out var outcome) && !outcome.Succeeded)
            {
                update = outcome.Class switch
                {
                    ErrorClass.Waiting => update with { State = ServerState.Waiting, Reason = outcome.Error },
                    ErrorClass.Stalled => update with { State = ServerState.Stalled, Reason = outcome.Error, StalledHash = change.Desired?.ContentHash },
                    _ => update with { State = ServerState.Reconciling, Reason = $"apply failed, will retry: {outcome.Error}" },
                };
            }
            else if (!outcomes.ContainsKey(change.Id.ToString()) && change.Action != ChangeAction.NoOp)
            {
                update = update with { State = ServerState.Reconciling, Reason = "not applied (the run ended early): will retry" };
            }

            updates.Add(update);
        }

        var newlyStalled = plan.Stalled.Where(s => !state.Servers.ContainsKey(s.Id.ToString())).Select(s => s.Id).ToList();
        if (newlyStalled.Count > 0)
        {
            await store.EnsureServersAsync(newlyStalled, cancellationToken).ConfigureAwait(false);
        }

        // Only what changed is written: a no-op run over an unchanged commit writes no status.
        var live = run.Live.Select(l => l.Change.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var changed = updates.Where(u => !state.Servers.TryGetValue(u.Id.ToString(), out var known)
            || known.State != u.State || known.Reason != u.Reason || known.ObservedRevision != u.ObservedRevision || known.StalledHash != u.StalledHash
            || known.MissingSecrets != u.MissingSecrets
            || live.Contains(u.Id.ToString()) || run.MarkedDeploying.Contains(u.Id.ToString())).ToList();
        if (changed.Count > 0)
        {
            await store.UpdateServerStatusAsync(changed, cancellationToken).ConfigureAwait(false);
        }

        await store.MarkReconciledAsync(run.Repo.Org, run.Repo.Name, cancellationToken).ConfigureAwait(false);
    }

    private static string ClassWord(ErrorClass errorClass) => errorClass switch
    {
        ErrorClass.Transient => "transient",
        ErrorClass.Waiting => "waiting",
        _ => "stalled",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Writing the run's status failed: {Error}")]
        public static partial void StatusFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Reporter {Reporter} failed (the run is not affected): {Error}")]
        public static partial void ReporterFailed(ILogger logger, string reporter, string error);
    }
}
