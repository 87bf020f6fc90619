using McpSaas.Reconciler.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Reconciling.Steps;

/// <summary>Plan: desired vs listed vs last applied → the plan (pure: <see cref="Planner"/>).</summary>
public sealed partial class PlanStep(ILogger<PlanStep>? logger = null) : IReconcileStep
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public string Name => "plan";

    public Task RunAsync(ReconcileRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var desired = run.Desired ?? throw new InvalidOperationException("plan runs after desire");
        var state = run.State ?? throw new InvalidOperationException("plan runs after desire");
        run.Plan = Planner.Compute(run.Repo, run.Revision, desired, run.Observed, state.Applied);
        Log.Planned(_logger, run.Revision, run.Plan.ToAdd, run.Plan.ToChange, run.Plan.ToDestroy, run.Plan.Stalled.Count);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Planned {Revision}: {Add} to add, {Change} to change, {Destroy} to destroy, {Stalled} stalled")]
        public static partial void Planned(ILogger logger, string revision, int add, int change, int destroy, int stalled);
    }
}
