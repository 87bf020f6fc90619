namespace McpSaas.Reconciler.Reconciling;

/// <summary>Why a run failed as a whole (before any server could be planned): the class says what happens next.</summary>
/// <param name="Class">Transient: retried with backoff; stalled: not until the input changes.</param>
/// <param name="Step">The step that failed: <c>source</c>, <c>load</c>, <c>desire</c>, <c>observe</c>, <c>plan</c>, <c>apply</c>.</param>
/// <param name="Message">What went wrong and what to do (never a secret value).</param>
/// <param name="RetryAfter">Not before this long, when the failure says so.</param>
public sealed record ReconcileError(ErrorClass Class, string Step, string Message, TimeSpan? RetryAfter = null);
