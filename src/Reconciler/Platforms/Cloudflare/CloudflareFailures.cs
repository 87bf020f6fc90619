using McpSaas.Reconciler.Reconciling;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Cloudflare's classified errors as the reconciler's (<see cref="PlatformException"/>): transient stays transient (not
/// before the time Cloudflare or the budget said), a spent request budget is transient with
/// <see cref="PlatformException.BudgetExhausted"/> (the run defers the rest of its writes), everything else stalls.
/// </summary>
internal static class CloudflareFailures
{
    public static PlatformException ToPlatform(CloudflareApiException error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        TimeSpan? after = error.RetryAt is { } at ? (at > now ? at - now : TimeSpan.Zero) : null;
        return error.Class switch
        {
            CloudflareErrorClass.Deferred => new PlatformException(ErrorClass.Transient, error.Message, after ?? TimeSpan.Zero, error) { BudgetExhausted = true },
            CloudflareErrorClass.Transient => new PlatformException(ErrorClass.Transient, error.Message, after, error),
            _ => new PlatformException(ErrorClass.Stalled, error.Message, null, error),
        };
    }
}
