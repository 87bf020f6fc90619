using McpSaas.Reconciler.Reconciling;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// A platform call failed. <see cref="Class"/> says what to do: <see cref="ErrorClass.Transient"/> (network, 429, 5xx,
/// a concurrent modification: retry, not before <see cref="RetryAfter"/>), <see cref="ErrorClass.Stalled"/> (a bad
/// token, a missing permission, a script too large, a name owned by someone else: no retry until the input changes).
/// Messages say what to do and never carry a token or secret value.
/// </summary>
public class PlatformException(ErrorClass errorClass, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ErrorClass Class { get; } = errorClass;

    /// <summary>Not before this long (a <c>Retry-After</c>, or when the request budget frees a slot).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The account's request budget is spent: every further call of this tick would fail alike, so the run defers
    /// its remaining writes to the next tick instead of trying each.
    /// </summary>
    public bool BudgetExhausted { get; init; }
}
