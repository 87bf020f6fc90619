using System.Globalization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Cloudflare's error codes and HTTP statuses (cloudflare-workers-api.md §8) as <see cref="CloudflareErrorKind"/>s,
/// their classes, and messages that say what to do.
/// </summary>
public static class CloudflareErrors
{
    public const int Authentication = 10000;
    public const int CodeParse = 10006;
    public const int NotFound = 10007;
    public const int InvalidScriptName = 10016;
    public const int Validation = 10021;
    public const int Unauthorized = 10023;
    public const int TooLarge = 10027;
    public const int ConcurrentModification = 10035;
    public const int TooManyScripts = 10037;
    public const int SecretTooLarge = 10054;
    public const int TooManySecrets = 10055;
    public const int BindingNotFound = 10056;
    public const int InheritUnresolved = 10057;
    public const int DurableObjectNotMigrated = 10061;
    public const int DurableObjectClassRemoved = 10064;
    public const int DurableObjectNotExported = 10070;
    public const int DurableObjectMigratedTwice = 10074;
    public const int MigrationTagPrecondition = 10079;
    public const int DurableObjectNeedsSqlite = 10097;

    /// <summary>The general "unauthorized to access requested resource" of the API (outside Workers' own codes).</summary>
    public const int UnauthorizedResource = 9109;

    public static CloudflareErrorClass ClassOf(CloudflareErrorKind kind) => kind switch
    {
        CloudflareErrorKind.Network or CloudflareErrorKind.Timeout or CloudflareErrorKind.RateLimited or CloudflareErrorKind.ServerError
            or CloudflareErrorKind.ConcurrentModification or CloudflareErrorKind.MigrationTagMismatch or CloudflareErrorKind.NotFound
            => CloudflareErrorClass.Transient,
        CloudflareErrorKind.BudgetExhausted => CloudflareErrorClass.Deferred,
        _ => CloudflareErrorClass.Stalled,
    };

    /// <summary>Whether the client retries the same request itself (the others need a new observation or a fix).</summary>
    public static bool IsRetriedInPlace(CloudflareErrorKind kind) => kind is CloudflareErrorKind.Network or CloudflareErrorKind.Timeout
        or CloudflareErrorKind.RateLimited or CloudflareErrorKind.ServerError or CloudflareErrorKind.ConcurrentModification;

    /// <summary>The kind of an answer that is not a success: codes first (they are specific), then the HTTP status.</summary>
    public static CloudflareErrorKind Classify(int httpStatus, IReadOnlyCollection<int> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Contains(ConcurrentModification))
        {
            return CloudflareErrorKind.ConcurrentModification;
        }

        foreach (var code in codes)
        {
            CloudflareErrorKind? kind = code switch
            {
                Authentication => CloudflareErrorKind.Authentication,
                Unauthorized or UnauthorizedResource => CloudflareErrorKind.MissingPermission,
                TooLarge => CloudflareErrorKind.ScriptTooLarge,
                TooManyScripts => CloudflareErrorKind.TooManyScripts,
                SecretTooLarge => CloudflareErrorKind.SecretTooLarge,
                TooManySecrets => CloudflareErrorKind.TooManyBindings,
                InvalidScriptName => CloudflareErrorKind.InvalidScriptName,
                MigrationTagPrecondition => CloudflareErrorKind.MigrationTagMismatch,
                DurableObjectNotMigrated or DurableObjectClassRemoved or DurableObjectNotExported or DurableObjectMigratedTwice
                    or DurableObjectNeedsSqlite => CloudflareErrorKind.DurableObjects,
                BindingNotFound or InheritUnresolved => CloudflareErrorKind.BindingNotFound,
                Validation or CodeParse => CloudflareErrorKind.Validation,
                NotFound => CloudflareErrorKind.NotFound,
                _ => null,
            };
            if (kind is { } found)
            {
                return found;
            }
        }

        return httpStatus switch
        {
            429 => CloudflareErrorKind.RateLimited,
            >= 500 => CloudflareErrorKind.ServerError,
            401 or 403 => CloudflareErrorKind.Authentication,
            404 => CloudflareErrorKind.NotFound,
            413 => CloudflareErrorKind.ScriptTooLarge,
            _ => CloudflareErrorKind.Unexpected,
        };
    }

    /// <summary>The message for a refusal: what happened, Cloudflare's own words, and what to do.</summary>
    /// <param name="apiErrors">Cloudflare's errors as <c>code: message</c> (already redacted).</param>
    public static string Describe(CloudflareErrorKind kind, CloudflareOperation operation, string accountId, int? httpStatus, string apiErrors, DateTimeOffset? retryAt)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var what = operation.Description;
        var said = (httpStatus, apiErrors.Length) switch
        {
            ({ } s, 0) => $"HTTP {s}",
            (null, 0) => "no answer",
            ({ } s, _) => $"HTTP {s}: {apiErrors}",
            (null, _) => apiErrors, // no HTTP answer (network, timeout): what happened instead
        };
        var when = retryAt is { } at ? $" after {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "";
        var script = operation.ScriptName is { } name ? $"'{name}'" : "the script";
        return kind switch
        {
            CloudflareErrorKind.Authentication =>
                $"Cloudflare rejected the API token for {what} ({said}): set MCPSAAS_Cloudflare__ApiToken (or the file in MCPSAAS_Cloudflare__ApiTokenFile) to a current API token of account {accountId} with the '{operation.Permission}' permission (My Profile → API Tokens), and check MCPSAAS_Cloudflare__AccountId",
            CloudflareErrorKind.MissingPermission =>
                $"the API token may not do the {what} ({said}): give it the '{operation.Permission}' permission on account {accountId} (My Profile → API Tokens → edit the token)",
            CloudflareErrorKind.ScriptTooLarge =>
                $"Cloudflare refused the {what}: the Worker is too large ({said}); a Worker may be 3 MB compressed on the Workers Free plan and 10 MB on Paid: use fewer tools in the server, or move the account to Workers Paid",
            CloudflareErrorKind.TooManyScripts =>
                $"Cloudflare refused the {what}: account {accountId} has as many Workers as its plan allows ({said}): delete Workers that are not used, or raise the account's limit (Workers Paid, or ask Cloudflare)",
            CloudflareErrorKind.SecretTooLarge =>
                $"Cloudflare refused the {what}: a variable or secret is too large ({said}); a secret may be at most 5 KB: shorten it",
            CloudflareErrorKind.TooManyBindings =>
                $"Cloudflare refused the {what}: the Worker has too many variables and secrets ({said}): use fewer secret inputs in the server",
            CloudflareErrorKind.InvalidScriptName =>
                $"Cloudflare refused the script name {script} ({said}): a name is at most 63 characters of a-z, 0-9, '-' and '_'; this is a bug in McpSaas's naming: report it",
            CloudflareErrorKind.MigrationTagMismatch =>
                $"the Durable Object migration state of {script} changed since it was listed ({said}): it is read again at the next reconcile",
            CloudflareErrorKind.DurableObjects =>
                $"Cloudflare refused the Durable Objects of {script} ({said}): the script's classes, bindings and migrations disagree; if the script was changed outside McpSaas, delete it (McpSaas recreates it), else report this as a bug",
            CloudflareErrorKind.BindingNotFound =>
                $"Cloudflare could not resolve a binding of {script} ({said}): a secret or binding it needs is gone; it is set again at the next reconcile, report it if it persists",
            CloudflareErrorKind.Validation =>
                $"Cloudflare refused the {what} as invalid ({said}): unless the message names your configuration, this is a bug in McpSaas or the worker runtime: report it with this message",
            CloudflareErrorKind.NotFound =>
                $"{script} was not found for the {what} ({said}): it was deleted meanwhile; it is observed again at the next reconcile",
            CloudflareErrorKind.SubdomainMissing =>
                $"account {accountId} has no workers.dev subdomain ({said}): register one once in the Cloudflare dashboard (Workers & Pages → Overview → your subdomain), then reconcile again",
            CloudflareErrorKind.RateLimited =>
                $"Cloudflare's rate limit was reached during the {what} ({said}): McpSaas waits and retries{when}; if other tools use the same token, lower MCPSAAS_Cloudflare__RequestBudget",
            CloudflareErrorKind.ServerError =>
                $"Cloudflare failed the {what} ({said}): it is retried{(when.Length > 0 ? when : " at the next reconcile")}",
            CloudflareErrorKind.ConcurrentModification =>
                $"another change to {script} was in progress during the {what} ({said}): it is retried{(when.Length > 0 ? when : " at the next reconcile")}",
            CloudflareErrorKind.Timeout =>
                $"the {what} took longer than MCPSAAS_Cloudflare__RequestTimeout allows: it is retried{(when.Length > 0 ? when : " at the next reconcile")}",
            CloudflareErrorKind.Network =>
                $"the Cloudflare API could not be reached for the {what} ({said}): check the network (and MCPSAAS_Cloudflare__ApiBaseUrl); it is retried{(when.Length > 0 ? when : " at the next reconcile")}",
            CloudflareErrorKind.BudgetExhausted =>
                $"the Cloudflare request budget is spent: the {what} waits for the next free slot{when} (MCPSAAS_Cloudflare__RequestBudget per MCPSAAS_Cloudflare__RequestBudgetWindow)",
            CloudflareErrorKind.MigrationTagUnknown =>
                $"{script} carries a Durable Object migration tag McpSaas did not write ({said}): it was deployed by another tool; delete it or rename the server",
            _ =>
                $"Cloudflare refused the {what} ({said}): report this with the message",
        };
    }
}
