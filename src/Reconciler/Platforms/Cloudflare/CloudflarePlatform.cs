using System.Collections.Concurrent;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Reconciling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Workers on Cloudflare, reached at <c>https://&lt;script&gt;.&lt;subdomain&gt;.workers.dev</c>, through the typed client
/// (<see cref="ICloudflareClient"/>: one shared request budget, in-place retries, classified errors).
/// <list type="bullet">
/// <item><see cref="ListAsync"/> is one call for the whole account: McpSaas's scripts decoded from their tags
/// (<see cref="OwnershipTags"/>), every other one listed without ownership so a name clash is seen; what it learns
/// (etag, Durable Object migration tag) serves the writes that follow.</item>
/// <item>A new server: upload (modules, every non-secret binding, the Durable Object migrations, its tags with the
/// content <em>pending</em>), then its secret values in one <c>secrets-bulk</c>, then workers.dev, then the tags with the
/// content done. A run that stops in between leaves a pending script: the next deploy finishes it without uploading
/// the same content again.</item>
/// <item>A changed server: the secrets not already in place (one <c>secrets-bulk</c>), then one upload that
/// <c>inherit</c>s exactly the wanted secrets (one no longer wanted goes with it).</item>
/// <item>A rebind: new secret versions through <c>secrets-bulk</c> (no new version of the script); new <c>json</c>
/// bindings (<c>MCP_KEY_HASHES</c>) through a <c>/settings</c> PATCH that keeps the secrets and records the new content.</item>
/// </list>
/// A script that does not carry this server's ownership is never changed or deleted: a write to it stalls.
/// </summary>
public sealed partial class CloudflarePlatform : IWorkerPlatform, IPlatformBudget
{
    public const string PlatformName = "cloudflare";

    private static readonly IReadOnlyList<string> NoKeep = [];

    private readonly ICloudflareClient _client;
    private readonly CloudflarePlatformOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile ConcurrentDictionary<string, ListedScript>? _scripts;
    private string? _subdomain;

    public CloudflarePlatform(ICloudflareClient client, CloudflarePlatformOptions options, TimeProvider time, ILogger<CloudflarePlatform>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new CloudflarePlatformOptionsValidator().Validate(null, options);
        if (problems.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(CloudflarePlatformOptions), typeof(CloudflarePlatformOptions), problems.Failures);
        }

        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Name => PlatformName;

    /// <summary>The client's request budget (shared by every caller of the process).</summary>
    public CloudflareRequestBudget Budget => _client.Budget;

    /// <summary>Requests the budget may still take now (metrics).</summary>
    public int Remaining => _client.Budget.Available;

    /// <summary>The budget per window (metrics).</summary>
    public int Limit => _client.Budget.Limit;

    public async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_subdomain is not null)
        {
            return;
        }

        _subdomain = await CallAsync(_client.GetWorkersDevSubdomainAsync, cancellationToken).ConfigureAwait(false);
    }

    public EndpointProfile Endpoint(Identity.ServerIdentity identity, string scriptName)
    {
        var host = Host(scriptName);
        return new EndpointProfile($"https://{host}", [host], _options.UsageUrl);
    }

    public async Task<IReadOnlyList<DeployedWorker>> ListAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        var scripts = await CallAsync(token => _client.ListScriptsAsync(null, token), cancellationToken).ConfigureAwait(false);
        var known = new ConcurrentDictionary<string, ListedScript>(StringComparer.Ordinal);
        var result = new List<DeployedWorker>(scripts.Count);
        foreach (var script in scripts)
        {
            var owned = OwnershipTags.TryDecode(script.Tags, out var ownership) ? ownership : null;
            known[script.Id] = new ListedScript(script.Id, owned, script.Etag, script.ModifiedOn, script.MigrationTag);
            result.Add(new DeployedWorker(script.Id, owned is null ? null : ToOwnership(owned), script.Etag, script.ModifiedOn, BaseUrl(script.Id)));
        }

        _scripts = known;
        return result;
    }

    public async Task<DeployReceipt> DeployAsync(WorkerDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var worker = deployment.Worker;
        var name = worker.ScriptName;
        var scripts = await KnownAsync(cancellationToken).ConfigureAwait(false);
        scripts.TryGetValue(name, out var listed);
        EnsureOwned(listed, worker.Ownership, "deploy to");
        foreach (var binding in worker.Bindings.OfType<SecretTextBinding>())
        {
            if (!deployment.Secrets.ContainsKey(binding.Name))
            {
                throw new ArgumentException($"no value given for the secret binding {binding.Name}", nameof(deployment));
            }
        }

        var serverKey = OwnershipTags.ServerKeyOf(worker.Identity.StableKey);
        var repoKey = OwnershipTags.RepoKeyOf(worker.Identity.StableKey);
        if (listed?.Ownership is not { Pending: false })
        {
            // A new script, or one whose first deploy did not finish: upload unless that very content is there, then
            // secrets, workers.dev, and last the tags that say the deploy is done.
            var current = listed;
            if (current?.Ownership is not { } pending || !pending.HasContent(worker.ContentHash))
            {
                current = await UploadAsync(worker, current, serverKey, repoKey, pending: true, inheritSecrets: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Log.Finishing(_logger, name);
            }

            await SetSecretsAsync(name, deployment.Secrets, cancellationToken).ConfigureAwait(false);
            await CallAsync(token => _client.EnableWorkersDevAsync(name, token), cancellationToken).ConfigureAwait(false);
            var tags = OwnershipTags.Encode(worker.Ownership.Owner, serverKey, repoKey, worker.ContentHash, pending: false);
            await CallAsync(token => _client.SetTagsAsync(name, tags, token), cancellationToken).ConfigureAwait(false);
            Remember(current with { Ownership = current.Ownership! with { Pending = false } });
            Log.Created(_logger, name);
            return new DeployReceipt(current.Etag, current.ModifiedOn, null, BaseUrl(name));
        }

        // A deployed script: the secrets it lacks (new ones, new versions) first, then one upload that inherits exactly
        // the secrets wanted (the new version drops any other) and records the new content.
        var missing = deployment.Secrets.Where(s => !deployment.SecretsInPlace.Contains(s.Key)).ToList();
        await SetSecretsAsync(name, missing, cancellationToken).ConfigureAwait(false);
        ListedScript uploaded;
        try
        {
            uploaded = await UploadAsync(worker, listed, serverKey, repoKey, pending: false, inheritSecrets: true, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e) when (e.InnerException is CloudflareApiException { Kind: CloudflareErrorKind.BindingNotFound } && missing.Count < deployment.Secrets.Count)
        {
            // A secret thought in place is not there (removed outside McpSaas: a secret write does not move the etag).
            Log.SecretsMissing(_logger, name);
            await SetSecretsAsync(name, deployment.Secrets, cancellationToken).ConfigureAwait(false);
            uploaded = await UploadAsync(worker, listed, serverKey, repoKey, pending: false, inheritSecrets: true, cancellationToken).ConfigureAwait(false);
        }

        Log.Updated(_logger, name, missing.Count);
        return new DeployReceipt(uploaded.Etag, uploaded.ModifiedOn, null, BaseUrl(name));
    }

    public async Task<DeployReceipt> RebindAsync(WorkerRebind rebind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rebind);
        var name = rebind.ScriptName;
        var scripts = await KnownAsync(cancellationToken).ConfigureAwait(false);
        if (!scripts.TryGetValue(name, out var listed))
        {
            throw new PlatformException(ErrorClass.Transient, $"script '{name}' is not on Cloudflare (any more): it cannot be rebound; the next reconcile deploys it again");
        }

        EnsureOwned(listed, rebind.Ownership, "rebind");
        var owned = listed.Ownership!;
        await SetSecretsAsync(name, rebind.Secrets.Select(s => KeyValuePair.Create(s.Binding.Name, s.Value)), cancellationToken).ConfigureAwait(false);
        if (rebind.Json.Count > 0)
        {
            // /settings replaces the bindings but the kept types: read them, replace the json ones, keep the secrets.
            var settings = await CallAsync(token => _client.GetSettingsAsync(name, token), cancellationToken).ConfigureAwait(false);
            var replaced = rebind.Json.ToDictionary(j => j.Name, StringComparer.Ordinal);
            var bindings = (settings.Bindings ?? [])
                .Where(b => b.Type is not (BindingTypes.SecretText or BindingTypes.SecretKey) && !replaced.ContainsKey(b.Name))
                .Concat(rebind.Json.Select(j => CloudflareBinding.JsonValue(j.Name, j.Json)))
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .ToList();
            var content = rebind.Ownership.ContentHash is { Length: >= OwnershipTags.ContentPrefixLength } hash && hash.All(char.IsAsciiHexDigit) ? hash : owned.ContentHashPrefix;
            var patch = new CloudflareSettingsPatch
            {
                Bindings = bindings,
                KeepBindings = [.. WorkerUpload.KeepSecrets],
                Tags = [.. OwnershipTags.Encode(owned.Owner, owned.ServerKey, owned.RepoKey, content, pending: false)],
            };
            await CallAsync(token => _client.PatchSettingsAsync(name, patch, token), cancellationToken).ConfigureAwait(false);
            // A new version: its etag is not in the answer; the next listing's is adopted.
            Remember(listed with { Ownership = owned with { ContentHashPrefix = content[..OwnershipTags.ContentPrefixLength].ToLowerInvariant() }, Etag = null });
        }

        Log.Rebound(_logger, name, rebind.Secrets.Count, rebind.Json.Count);
        return new DeployReceipt(null, null, null, BaseUrl(name));
    }

    public async Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var scripts = await KnownAsync(cancellationToken).ConfigureAwait(false);
        if (!scripts.TryGetValue(worker.ScriptName, out var listed))
        {
            return; // not listed: already gone
        }

        if (worker.Ownership is not { } ownership || listed.Ownership is not { } owned || !SameServer(ownership, owned))
        {
            Log.Refused(_logger, worker.ScriptName, "delete");
            throw new PlatformException(ErrorClass.Stalled,
                $"refusing to delete script '{worker.ScriptName}': its tags do not name this McpSaas server as its owner; it is left untouched");
        }

        await CallAsync(token => _client.DeleteScriptAsync(worker.ScriptName, force: false, token), cancellationToken).ConfigureAwait(false);
        scripts.TryRemove(worker.ScriptName, out _);
        Log.Deleted(_logger, worker.ScriptName);
    }

    /// <summary>Every write is live when Cloudflare answers it.</summary>
    public Task<CommitResult> CommitAsync(CancellationToken cancellationToken) => Task.FromResult(CommitResult.AllLive);

    /// <summary>The ownership record as the reconciler compares it: keys hashed, the content prefix (none while pending).</summary>
    internal static Ownership ToOwnership(CloudflareOwnership owned) =>
        new(owned.Owner, Ownership.HashedKeyPrefix + owned.ServerKey, null, owned.Pending ? null : owned.ContentHashPrefix) { RepoKey = owned.RepoKey };

    private static bool SameServer(Ownership ownership, CloudflareOwnership owned) =>
        ownership.Owner == owned.Owner
        && (ownership.StableKey == Ownership.HashedKeyPrefix + owned.ServerKey || (!ownership.StableKey.StartsWith(Ownership.HashedKeyPrefix, StringComparison.Ordinal) && owned.IsServer(ownership.StableKey)));

    private void EnsureOwned(ListedScript? listed, Ownership ownership, string verb)
    {
        if (listed is null)
        {
            return;
        }

        if (listed.Ownership is not { } owned || !SameServer(ownership, owned))
        {
            Log.Refused(_logger, listed.Name, verb);
            throw new PlatformException(ErrorClass.Stalled,
                $"the Worker name '{listed.Name}' is taken by a script this McpSaas server does not own; it is left untouched: rename or remove that script, or rename the server");
        }
    }

    private async Task<ListedScript> UploadAsync(DesiredWorker worker, ListedScript? listed, string serverKey, string repoKey, bool pending, bool inheritSecrets, CancellationToken cancellationToken)
    {
        WorkerUpload upload;
        try
        {
            upload = new WorkerUpload
            {
                ScriptName = worker.ScriptName,
                Modules = [.. worker.Modules.Select(UploadModule.From)],
                MainModule = worker.Modules[0].Name,
                CompatibilityDate = worker.CompatibilityDate,
                CompatibilityFlags = [.. worker.CompatibilityFlags],
                Bindings = [.. worker.Bindings.Select(b => ToBinding(b, inheritSecrets)).OfType<CloudflareBinding>()],
                Tags = OwnershipTags.Encode(worker.Ownership.Owner, serverKey, repoKey, worker.ContentHash, pending),
                KeepBindings = inheritSecrets ? NoKeep : WorkerUpload.KeepSecrets,
                Migrations = DurableObjectMigrations.For(worker.ScriptName, listed?.MigrationTag),
            };
        }
        catch (CloudflareApiException e)
        {
            throw CloudflareFailures.ToPlatform(e, _time);
        }
        catch (ArgumentException e)
        {
            throw new PlatformException(ErrorClass.Stalled, $"the Worker of script '{worker.ScriptName}' cannot be uploaded ({e.Message}): this is a bug in McpSaas, report it", inner: e);
        }

        var result = await CallAsync(token => _client.UploadScriptAsync(upload, token), cancellationToken).ConfigureAwait(false);
        var owned = OwnershipTags.TryDecode(upload.Tags, out var ownership) ? ownership : null;
        var script = new ListedScript(worker.ScriptName, owned, result.Etag, result.ModifiedOn,
            result.MigrationTag ?? upload.Migrations?.NewTag ?? listed?.MigrationTag);
        Remember(script);
        return script;
    }

    private async Task SetSecretsAsync(string scriptName, IEnumerable<KeyValuePair<string, Secrets.SecretValue>> secrets, CancellationToken cancellationToken)
    {
        var values = secrets.ToDictionary(s => s.Key, s => (string?)s.Value.Reveal(), StringComparer.Ordinal);
        if (values.Count > 0)
        {
            await CallAsync(token => _client.PatchSecretsAsync(scriptName, values, token), cancellationToken).ConfigureAwait(false);
        }
    }

    private static CloudflareBinding? ToBinding(WorkerBinding binding, bool inheritSecrets) => binding switch
    {
        JsonBinding j => CloudflareBinding.JsonValue(j.Name, j.Json),
        PlainTextBinding p => CloudflareBinding.PlainText(p.Name, p.Text),
        DurableObjectBinding d => CloudflareBinding.DurableObject(d.Name, d.ClassName),
        SecretTextBinding s => inheritSecrets ? new CloudflareBinding { Type = BindingTypes.Inherit, Name = s.Name } : null, // values: secrets-bulk only
        _ => throw new ArgumentOutOfRangeException(nameof(binding), binding.GetType().Name, "unknown binding kind"),
    };

    /// <summary>What is known of the account's scripts: the last listing (listed now when there is none yet in this process).</summary>
    private async Task<ConcurrentDictionary<string, ListedScript>> KnownAsync(CancellationToken cancellationToken)
    {
        if (_scripts is { } known)
        {
            return known;
        }

        await ListAsync(cancellationToken).ConfigureAwait(false);
        return _scripts!;
    }

    private void Remember(ListedScript script)
    {
        if (_scripts is { } known)
        {
            known[script.Name] = script;
        }
    }

    private string Host(string scriptName)
    {
        var subdomain = _subdomain ?? throw new InvalidOperationException("CloudflarePlatform.PrepareAsync must run before endpoints are asked for (it reads the workers.dev subdomain)");
        return $"{scriptName}.{subdomain}.workers.dev";
    }

    private string BaseUrl(string scriptName) => $"https://{Host(scriptName)}";

    /// <summary>
    /// One client call, its error classified for the reconciler. A script found missing or with another migration tag
    /// makes what is known stale: the next write lists again first.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (CloudflareApiException e)
        {
            if (e.Kind is CloudflareErrorKind.NotFound or CloudflareErrorKind.MigrationTagMismatch)
            {
                _scripts = null;
            }

            throw CloudflareFailures.ToPlatform(e, _time);
        }
    }

    private Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync(async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Cloudflare: script {Script} created (uploaded, secrets set, workers.dev enabled)")]
        public static partial void Created(ILogger logger, string script);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Cloudflare: script {Script} updated ({Secrets} secret(s) set before the upload)")]
        public static partial void Updated(ILogger logger, string script, int secrets);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Cloudflare: script {Script} rebound ({Secrets} secret(s), {Json} json binding(s)), no upload")]
        public static partial void Rebound(ILogger logger, string script, int secrets, int json);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Cloudflare: script {Script} deleted")]
        public static partial void Deleted(ILogger logger, string script);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Cloudflare: finishing the deploy of {Script}: its content was uploaded by a run that stopped before its secrets and workers.dev")]
        public static partial void Finishing(ILogger logger, string script);

        [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "Cloudflare: refusing to {Verb} script {Script}: it does not carry this server's ownership tags")]
        public static partial void Refused(ILogger logger, string script, string verb);

        [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Cloudflare: script {Script} lacks a secret it was thought to hold; setting every secret again")]
        public static partial void SecretsMissing(ILogger logger, string script);
    }
}
