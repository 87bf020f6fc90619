namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>What went wrong talking to the Cloudflare API; <see cref="CloudflareErrors.ClassOf"/> maps each to a <see cref="CloudflareErrorClass"/>.</summary>
public enum CloudflareErrorKind
{
    /// <summary>The connection failed (DNS, refused, reset). Transient.</summary>
    Network,

    /// <summary>An attempt took longer than <see cref="CloudflareOptions.RequestTimeout"/>. Transient.</summary>
    Timeout,

    /// <summary>HTTP 429: Cloudflare's rate limit. Transient, not before <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>HTTP 5xx. Transient.</summary>
    ServerError,

    /// <summary>10035: another change to the same script was in progress. Transient.</summary>
    ConcurrentModification,

    /// <summary>10079: the script's Durable Object migration tag is not the one the upload was computed from (it changed since it was listed). Transient: observe again.</summary>
    MigrationTagMismatch,

    /// <summary>10007 / 404 on a script: it is not there (any more). Transient: observe again (a delete treats it as success).</summary>
    NotFound,

    /// <summary>McpSaas's own request budget is spent until <see cref="CloudflareApiException.RetryAt"/>. Deferred.</summary>
    BudgetExhausted,

    /// <summary>10000, or 401/403 without a code: the token is wrong, expired or not for this account. Stalled.</summary>
    Authentication,

    /// <summary>10023 (or 9109): the token lacks a permission for the request. Stalled.</summary>
    MissingPermission,

    /// <summary>10027 (or 413): the script is too large. Stalled.</summary>
    ScriptTooLarge,

    /// <summary>10037: the account has reached its number of Workers. Stalled.</summary>
    TooManyScripts,

    /// <summary>10054: a variable or secret is too large. Stalled.</summary>
    SecretTooLarge,

    /// <summary>10055: too many variables or secrets on one Worker. Stalled.</summary>
    TooManyBindings,

    /// <summary>10016: the script name breaks Cloudflare's rules. Stalled.</summary>
    InvalidScriptName,

    /// <summary>10056 / 10057: a binding (or an <c>inherit</c>ed one) was not found. Stalled.</summary>
    BindingNotFound,

    /// <summary>10061, 10064, 10070, 10074, 10097: Durable Object classes, bindings and migrations disagree. Stalled.</summary>
    DurableObjects,

    /// <summary>The script carries a Durable Object migration tag McpSaas did not write. Stalled.</summary>
    MigrationTagUnknown,

    /// <summary>10021 / 10006: Cloudflare refused the upload or request as invalid. Stalled.</summary>
    Validation,

    /// <summary>10007 on the account's workers.dev subdomain: none is registered. Stalled.</summary>
    SubdomainMissing,

    /// <summary>Any other refusal or an answer that is not the documented envelope. Stalled.</summary>
    Unexpected,
}
