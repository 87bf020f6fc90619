namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>What a caller does with a Cloudflare error (style.md, after Flux's controllers).</summary>
public enum CloudflareErrorClass
{
    /// <summary>Retry with backoff (at <see cref="CloudflareApiException.RetryAt"/> when set): network, timeout, 429, 5xx, 10035, a race.</summary>
    Transient,

    /// <summary>The request budget is spent: defer the work to the next reconcile after <see cref="CloudflareApiException.RetryAt"/>; nothing failed.</summary>
    Deferred,

    /// <summary>Configuration or input the retry cannot fix (token, permission, size, limits, validation): stall until it changes.</summary>
    Stalled,
}
