namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The Cloudflare Workers API endpoints McpSaas uses (cloudflare-workers-api.md), on one account. Every request takes
/// a slot of the shared <see cref="CloudflareRequestBudget"/>; transient errors are retried with backoff (never before
/// a <c>Retry-After</c>); every failure is a <see cref="CloudflareApiException"/> with a class and a message that says
/// what to do.
/// </summary>
public interface ICloudflareClient
{
    string AccountId { get; }

    /// <summary>The request budget this client draws from (shared by every caller of the process).</summary>
    CloudflareRequestBudget Budget { get; }

    /// <summary><c>GET …/workers/scripts[?tags=…]</c>: every script of the account (one page), or those matching <paramref name="tagFilter"/> (<c>name:yes,other:no</c>).</summary>
    Task<IReadOnlyList<CloudflareScript>> ListScriptsAsync(string? tagFilter, CancellationToken cancellationToken);

    /// <summary><c>PUT …/workers/scripts/{name}</c> (multipart, <c>bindings_inherit=strict</c>): creates or replaces the script; returns the receipt.</summary>
    Task<CloudflareScript> UploadScriptAsync(WorkerUpload upload, CancellationToken cancellationToken);

    /// <summary><c>GET …/scripts/{name}/settings</c>: bindings (secrets by name only), compatibility, tags.</summary>
    Task<CloudflareScriptSettings> GetSettingsAsync(string scriptName, CancellationToken cancellationToken);

    /// <summary><c>PATCH …/scripts/{name}/settings</c> (multipart <c>settings</c> part): a new version without re-uploading modules.</summary>
    Task<CloudflareScriptSettings> PatchSettingsAsync(string scriptName, CloudflareSettingsPatch patch, CancellationToken cancellationToken);

    /// <summary><c>PATCH …/scripts/{name}/script-settings</c> <c>{"tags":[…]}</c>: replaces the tags, not versioned.</summary>
    Task<IReadOnlyList<string>> SetTagsAsync(string scriptName, IReadOnlyList<string> tags, CancellationToken cancellationToken);

    /// <summary><c>PUT …/scripts/{name}/secrets</c>: creates or overwrites one <c>secret_text</c>.</summary>
    Task<CloudflareSecret> PutSecretAsync(string scriptName, string secretName, string value, CancellationToken cancellationToken);

    /// <summary><c>PATCH …/scripts/{name}/secrets-bulk</c>: sets the named secrets (a null value deletes one); others are unchanged.</summary>
    Task PatchSecretsAsync(string scriptName, IReadOnlyDictionary<string, string?> secrets, CancellationToken cancellationToken);

    /// <summary><c>DELETE …/scripts/{name}[?force=true]</c>: true when deleted, false when it was already gone (10007 / 404).</summary>
    Task<bool> DeleteScriptAsync(string scriptName, bool force, CancellationToken cancellationToken);

    /// <summary><c>GET …/workers/subdomain</c>, read once and cached: the account's <c>&lt;subdomain&gt;.workers.dev</c>.</summary>
    Task<string> GetWorkersDevSubdomainAsync(CancellationToken cancellationToken);

    /// <summary><c>https://{script}.{subdomain}.workers.dev</c> (the subdomain read once).</summary>
    Task<Uri> GetWorkerUrlAsync(string scriptName, CancellationToken cancellationToken);

    /// <summary><c>POST …/scripts/{name}/subdomain</c> <c>{"enabled":true}</c>: the script answers on workers.dev.</summary>
    Task<CloudflareScriptSubdomain> EnableWorkersDevAsync(string scriptName, CancellationToken cancellationToken);

    /// <summary><c>GET …/scripts/{name}/subdomain</c>.</summary>
    Task<CloudflareScriptSubdomain> GetWorkersDevAsync(string scriptName, CancellationToken cancellationToken);
}
