namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Options of the Cloudflare API client, bound from the <c>Cloudflare</c> configuration section (environment:
/// <c>MCPSAAS_Cloudflare__AccountId</c>, <c>MCPSAAS_Cloudflare__ApiToken</c>, …) and validated by
/// <see cref="CloudflareOptionsValidator"/> before any call.
/// </summary>
public sealed class CloudflareOptions
{
    public const string SectionName = "Cloudflare";

    public const string DefaultApiBaseUrl = "https://api.cloudflare.com/client/v4";

    /// <summary>The account the Workers live in (32 hex characters).</summary>
    public string? AccountId { get; set; }

    /// <summary>An API token with <c>Workers Scripts Edit</c> on the account. Never logged or shown.</summary>
    public string? ApiToken { get; set; }

    /// <summary>A file holding the API token (one line), instead of <see cref="ApiToken"/>.</summary>
    public string? ApiTokenFile { get; set; }

    /// <summary>The API's base URL, up to and including <c>/client/v4</c> (a fake API's in tests).</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Requests every caller of this process may send per <see cref="RequestBudgetWindow"/> (Cloudflare: 1,200 per 5 minutes per token).</summary>
    public int RequestBudget { get; set; } = 1200;

    /// <summary>The window of <see cref="RequestBudget"/>.</summary>
    public TimeSpan RequestBudgetWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a request waits for a budget slot before it gives up with the time the next slot frees (0: it never waits).</summary>
    public TimeSpan MaxBudgetWait { get; set; } = TimeSpan.Zero;

    /// <summary>Attempts per request for transient errors (network, timeout, 429, 5xx, 10035), the first included.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it (a <c>Retry-After</c> longer than that wins).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay a retry sleeps; a longer one (a 429's <c>Retry-After</c>) ends the request with the time to retry at.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
