namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// What a run came to. Failures carry the reconciler's error class; the runner turns it into a retry time
/// (transient: exponential backoff; waiting: <see cref="RetryAfter"/>; stalled: none until the input changes).
/// <see cref="ResultJson"/> is kept on the job for reporting (a plan as JSON, say). Messages never hold a secret.
/// </summary>
public sealed record JobResult
{
    public required bool Succeeded { get; init; }

    public JobErrorClass? ErrorClass { get; init; }

    public string? Message { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public string? ResultJson { get; init; }

    public static JobResult Success(string? resultJson = null) => new() { Succeeded = true, ResultJson = resultJson };

    public static JobResult Transient(string message) => new() { Succeeded = false, ErrorClass = JobErrorClass.Transient, Message = message };

    public static JobResult Waiting(TimeSpan retryAfter, string message) =>
        new() { Succeeded = false, ErrorClass = JobErrorClass.Waiting, Message = message, RetryAfter = retryAfter };

    public static JobResult Stalled(string message, string? resultJson = null) =>
        new() { Succeeded = false, ErrorClass = JobErrorClass.Stalled, Message = message, ResultJson = resultJson };
}
