namespace McpSaas.Reconciler.Usage;

/// <summary>A server's usage status, or why it could not be had (never an exception for an unreachable server).</summary>
public sealed record WorkerUsageResult(WorkerUsageStatus? Status, string? Error)
{
    public static WorkerUsageResult Ok(WorkerUsageStatus status) => new(status, null);

    public static WorkerUsageResult Failed(string error) => new(null, error);
}
