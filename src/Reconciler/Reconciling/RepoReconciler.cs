using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling.Steps;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// Reconciles one repository (Flux's shape). The top level only does plumbing: it runs the ordered steps
/// (source → load → desire → observe → plan, and for an apply → apply → record), stops at the first step that
/// throws, classifies that failure (transient, waiting, stalled), tells the reporters once the source is read, and
/// always reports at the end — from a <c>finally</c>, so a failed source or plan is recorded too. Each server is independent inside the steps: one
/// server's failure is its outcome, not the run's. Built by <c>AddMcpSaasReconciler</c>.
/// </summary>
public sealed partial class RepoReconciler
{
    private readonly IReadOnlyList<IReconcileStep> _planSteps;
    private readonly IReadOnlyList<IReconcileStep> _applySteps;
    private readonly ReportStep _report;
    private readonly IWorkerPlatform _platform;
    private readonly ILogger _logger;

    public RepoReconciler(
        SourceStep source,
        LoadStep load,
        DesireStep desire,
        ObserveStep observe,
        PlanStep plan,
        ApplyStep apply,
        RecordStep record,
        ReportStep report,
        IWorkerPlatform platform,
        ILogger<RepoReconciler>? logger = null)
    {
        _planSteps = [source, load, desire, observe, plan];
        _applySteps = [.. _planSteps, apply, record];
        _report = report;
        _platform = platform;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public IWorkerPlatform Platform => _platform;

    /// <summary>Reads, validates and plans; with <paramref name="apply"/>, deploys and records. Progress goes to <paramref name="progress"/>.</summary>
    public Task<ReconcileResult> ReconcileAsync(IManifestSource source, RepoContext repo, bool apply, IProgress<string>? progress, CancellationToken cancellationToken) =>
        ReconcileAsync(new ReconcileRequest { Source = source, Repo = repo, Apply = apply, Progress = progress }, cancellationToken);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Org"] = request.Repo.Org, ["Repo"] = request.Repo.Name, ["Trigger"] = request.Trigger });
        var run = new ReconcileRun(request) { Observation = request.Observation ?? new PlatformObservation(_platform) };
        var step = "source";
        try
        {
            foreach (var next in _planSteps)
            {
                step = next.Name;
                await next.RunAsync(run, cancellationToken).ConfigureAwait(false);
                if (next is SourceStep)
                {
                    await _report.StartedAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }

            if (request.Apply && request.BeforeApply is not null && await request.BeforeApply(run.Plan!, cancellationToken).ConfigureAwait(false))
            {
                // The hook changed what desire reads: plan again from the same snapshot (no second fetch nor parse).
                foreach (var again in _planSteps.Where(s => s is DesireStep or PlanStep))
                {
                    step = again.Name;
                    await again.RunAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }

            if (request.Apply)
            {
                foreach (var next in _applySteps.Skip(_planSteps.Count))
                {
                    step = next.Name;
                    await next.RunAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (Classify(step, e) is { } error)
        {
            Log.RunFailed(_logger, step, error.Class.ToString(), error.Message);
            run.Error = error;
            if (e is PlatformException)
            {
                run.Observation.Invalidate();
            }
        }
        finally
        {
            var result = run.ToResult();
            await _report.RunAsync(run, result, CancellationToken.None).ConfigureAwait(false);
            run.Snapshot?.Dispose();
        }

        return run.ToResult();
    }

    /// <summary>Expected failures of a whole run, classified; null for a bug (it propagates, after the report).</summary>
    private static ReconcileError? Classify(string step, Exception e) => e switch
    {
        SourceException s => new ReconcileError(s.Class, step, s.Message),
        PlatformException p => new ReconcileError(p.Class, step, p.Message, p.RetryAfter),
        StateStoreException s => new ReconcileError(ErrorClass.Transient, step, $"the state store failed: {s.Message}"),
        IOException io => new ReconcileError(ErrorClass.Transient, step, io.Message),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Run failed at {Step} ({Class}): {Error}")]
        public static partial void RunFailed(ILogger logger, string step, string @class, string error);
    }
}
