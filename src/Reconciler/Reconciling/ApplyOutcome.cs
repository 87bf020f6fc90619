using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Planning;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>What apply did for one server.</summary>
/// <param name="Id">The server.</param>
/// <param name="Action">What was attempted.</param>
/// <param name="Succeeded">Whether it is live.</param>
/// <param name="Endpoint">The server's URL after a create/update.</param>
/// <param name="Error">Why it failed (never a secret value) and what to do.</param>
/// <param name="Class">How the failure is handled (null on success).</param>
/// <param name="RetryAfter">For a transient failure: not before this long.</param>
public sealed record ApplyOutcome(ServerId Id, ChangeAction Action, bool Succeeded, string? Endpoint, string? Error, ErrorClass? Class = null, TimeSpan? RetryAfter = null)
{
    public static ApplyOutcome Success(Change change, string? endpoint) => new(change.Id, change.Action, true, endpoint, null);

    public static ApplyOutcome Failure(Change change, ErrorClass errorClass, string error, TimeSpan? retryAfter = null) =>
        new(change.Id, change.Action, false, null, error, errorClass, retryAfter);
}
