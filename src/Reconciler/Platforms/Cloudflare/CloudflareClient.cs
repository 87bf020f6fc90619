using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The typed Cloudflare client (<see cref="ICloudflareClient"/>) on <see cref="HttpClient"/>: the token comes from
/// <see cref="CloudflareAuthHandler"/>; envelopes are checked on HTTP status and <c>success</c>; every request takes
/// a budget slot; transient errors are retried with exponential backoff, never before <c>Retry-After</c>.
/// </summary>
public sealed partial class CloudflareClient : ICloudflareClient
{
    /// <summary>The named <see cref="HttpClient"/> (see <see cref="CloudflareServiceCollectionExtensions.AddCloudflareApi"/>).</summary>
    public const string HttpClientName = "cloudflare";

    private const int MaxMessageLength = 600;

    private readonly IHttpClientFactory _clients;
    private readonly CloudflareOptions _options;
    private readonly CloudflareApiToken _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _accountPath;
    private readonly string _baseUrl;
    private readonly SemaphoreSlim _subdomainLock = new(1, 1);
    private string? _subdomain;

    public CloudflareClient(
        IHttpClientFactory clients,
        IOptions<CloudflareOptions> options,
        CloudflareRequestBudget budget,
        CloudflareApiToken token,
        TimeProvider time,
        ILogger<CloudflareClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _options = options.Value; // validated before any call
        Budget = budget ?? throw new ArgumentNullException(nameof(budget));
        _token = token ?? throw new ArgumentNullException(nameof(token));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? NullLogger<CloudflareClient>.Instance;
        AccountId = _options.AccountId!;
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        _accountPath = $"/accounts/{Uri.EscapeDataString(AccountId)}/workers";
    }

    public string AccountId { get; }

    public CloudflareRequestBudget Budget { get; }

    public async Task<IReadOnlyList<CloudflareScript>> ListScriptsAsync(string? tagFilter, CancellationToken cancellationToken)
    {
        var query = string.IsNullOrEmpty(tagFilter) ? "" : $"?tags={Uri.EscapeDataString(tagFilter)}";
        var op = new CloudflareOperation("list", "listing of the account's Workers", null, Writes: false);
        var answer = await SendAsync(op, HttpMethod.Get, $"{_accountPath}/scripts{query}", null,
            CloudflareJsonContext.Default.CloudflareEnvelopeListCloudflareScript, [], notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? throw Unexpected(op, "the answer has no result");
    }

    public async Task<CloudflareScript> UploadScriptAsync(WorkerUpload upload, CancellationToken cancellationToken)
    {
        var form = WorkerUploadForm.Build(upload);
        var op = new CloudflareOperation("upload", $"upload of script '{upload.ScriptName}'", upload.ScriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Put, $"{ScriptPath(upload.ScriptName)}?bindings_inherit=strict", form.ToContent,
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareScript, SecretTexts(upload.Bindings), notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? throw Unexpected(op, "the answer has no result");
    }

    public async Task<CloudflareScriptSettings> GetSettingsAsync(string scriptName, CancellationToken cancellationToken)
    {
        var op = new CloudflareOperation("settings", $"reading of the settings of script '{scriptName}'", scriptName, Writes: false);
        var answer = await SendAsync(op, HttpMethod.Get, $"{ScriptPath(scriptName)}/settings", null,
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareScriptSettings, [], notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? throw Unexpected(op, "the answer has no result");
    }

    public async Task<CloudflareScriptSettings> PatchSettingsAsync(string scriptName, CloudflareSettingsPatch patch, CancellationToken cancellationToken)
    {
        var form = WorkerUploadForm.Settings(patch);
        var op = new CloudflareOperation("settings-patch", $"change of the settings of script '{scriptName}'", scriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Patch, $"{ScriptPath(scriptName)}/settings", form.ToContent,
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareScriptSettings, SecretTexts(patch.Bindings ?? []), notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? throw Unexpected(op, "the answer has no result");
    }

    public async Task<IReadOnlyList<string>> SetTagsAsync(string scriptName, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        OwnershipTags.Check(tags);
        var body = JsonSerializer.SerializeToUtf8Bytes(new ScriptTagsSettings { Tags = [.. tags] }, CloudflareJsonContext.Default.ScriptTagsSettings);
        var op = new CloudflareOperation("tags", $"tagging of script '{scriptName}'", scriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Patch, $"{ScriptPath(scriptName)}/script-settings", () => Json(body),
            CloudflareJsonContext.Default.CloudflareEnvelopeScriptTagsSettings, [], notFoundIsAnswer: false, cancellationToken);
        return answer.Result?.Tags ?? [.. tags];
    }

    public async Task<CloudflareSecret> PutSecretAsync(string scriptName, string secretName, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretName);
        ArgumentException.ThrowIfNullOrEmpty(value);
        var body = JsonSerializer.SerializeToUtf8Bytes(new SecretPut { Name = secretName, Text = value }, CloudflareJsonContext.Default.SecretPut);
        var op = new CloudflareOperation("secret", $"setting of secret {secretName} of script '{scriptName}'", scriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Put, $"{ScriptPath(scriptName)}/secrets", () => Json(body),
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareSecret, [value], notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? new CloudflareSecret { Name = secretName, Type = BindingTypes.SecretText };
    }

    public async Task PatchSecretsAsync(string scriptName, IReadOnlyDictionary<string, string?> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            return;
        }

        var patch = new SecretsBulkPatch();
        foreach (var (name, value) in secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            patch.Secrets[name] = value is null ? null : new SecretPut { Text = value };
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(patch, CloudflareJsonContext.Default.SecretsBulkPatch);
        var op = new CloudflareOperation("secrets-bulk", $"setting of {secrets.Count} secret(s) of script '{scriptName}'", scriptName, Writes: true);
        await SendAsync(op, HttpMethod.Patch, $"{ScriptPath(scriptName)}/secrets-bulk", () => Json(body),
            CloudflareJsonContext.Default.CloudflareEnvelopeJsonElement, [.. secrets.Values.OfType<string>()], notFoundIsAnswer: false, cancellationToken);
    }

    public async Task<bool> DeleteScriptAsync(string scriptName, bool force, CancellationToken cancellationToken)
    {
        var op = new CloudflareOperation("delete", $"deletion of script '{scriptName}'", scriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Delete, $"{ScriptPath(scriptName)}{(force ? "?force=true" : "")}", null,
            CloudflareJsonContext.Default.CloudflareEnvelopeJsonElement, [], notFoundIsAnswer: true, cancellationToken);
        return !answer.NotFound;
    }

    public async Task<string> GetWorkersDevSubdomainAsync(CancellationToken cancellationToken)
    {
        if (_subdomain is { } known)
        {
            return known;
        }

        await _subdomainLock.WaitAsync(cancellationToken);
        try
        {
            if (_subdomain is { } cached)
            {
                return cached;
            }

            var op = new CloudflareOperation("subdomain", "reading of the account's workers.dev subdomain", null, Writes: false);
            var answer = await SendAsync(op, HttpMethod.Get, $"{_accountPath}/subdomain", null,
                CloudflareJsonContext.Default.CloudflareEnvelopeWorkersSubdomain, [], notFoundIsAnswer: true, cancellationToken);
            if (answer.NotFound || string.IsNullOrEmpty(answer.Result?.Subdomain))
            {
                throw new CloudflareApiException(CloudflareErrorKind.SubdomainMissing,
                    CloudflareErrors.Describe(CloudflareErrorKind.SubdomainMissing, op, AccountId, answer.Status, answer.ApiErrors, null),
                    answer.Status, answer.Codes);
            }

            var subdomain = answer.Result.Subdomain;
            if (!subdomain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw Unexpected(op, "the subdomain is not a DNS label");
            }

            _subdomain = subdomain.ToLowerInvariant();
            Log.SubdomainResolved(_logger, _subdomain);
            return _subdomain;
        }
        finally
        {
            _subdomainLock.Release();
        }
    }

    public async Task<Uri> GetWorkerUrlAsync(string scriptName, CancellationToken cancellationToken)
    {
        var subdomain = await GetWorkersDevSubdomainAsync(cancellationToken);
        return new Uri($"https://{scriptName}.{subdomain}.workers.dev");
    }

    public async Task<CloudflareScriptSubdomain> EnableWorkersDevAsync(string scriptName, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new CloudflareScriptSubdomain { Enabled = true, PreviewsEnabled = false },
            CloudflareJsonContext.Default.CloudflareScriptSubdomain);
        var op = new CloudflareOperation("subdomain-enable", $"enabling workers.dev for script '{scriptName}'", scriptName, Writes: true);
        var answer = await SendAsync(op, HttpMethod.Post, $"{ScriptPath(scriptName)}/subdomain", () => Json(body),
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareScriptSubdomain, [], notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? new CloudflareScriptSubdomain { Enabled = true };
    }

    public async Task<CloudflareScriptSubdomain> GetWorkersDevAsync(string scriptName, CancellationToken cancellationToken)
    {
        var op = new CloudflareOperation("subdomain-read", $"reading workers.dev of script '{scriptName}'", scriptName, Writes: false);
        var answer = await SendAsync(op, HttpMethod.Get, $"{ScriptPath(scriptName)}/subdomain", null,
            CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareScriptSubdomain, [], notFoundIsAnswer: false, cancellationToken);
        return answer.Result ?? throw Unexpected(op, "the answer has no result");
    }

    private string ScriptPath(string scriptName)
    {
        if (!ScriptNameRules.IsValid(scriptName))
        {
            throw new ArgumentException($"'{scriptName}' is not a Worker script name: {ScriptNameRules.Rule}", nameof(scriptName));
        }

        return $"{_accountPath}/scripts/{scriptName}";
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string[] SecretTexts(IEnumerable<CloudflareBinding> bindings) =>
        [.. bindings.Where(b => b.Type == BindingTypes.SecretText && !string.IsNullOrEmpty(b.Text)).Select(b => b.Text!)];

    private CloudflareApiException Unexpected(CloudflareOperation op, string why) =>
        new(CloudflareErrorKind.Unexpected, CloudflareErrors.Describe(CloudflareErrorKind.Unexpected, op, AccountId, null, why, null));

    /// <summary>
    /// One request with budget, timeout, envelope check and in-place retries of transient errors.
    /// <paramref name="sensitive"/> are values (secrets) redacted from any message, with the token.
    /// </summary>
    private async Task<Answer<T>> SendAsync<T>(
        CloudflareOperation op,
        HttpMethod method,
        string path,
        Func<HttpContent>? content,
        JsonTypeInfo<CloudflareEnvelope<T>> typeInfo,
        IReadOnlyList<string> sensitive,
        bool notFoundIsAnswer,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUrl + path);
        var http = _clients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            await AcquireSlotAsync(op, cancellationToken);

            using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
            request.Headers.Accept.ParseAdd("application/json");
            var started = _time.GetTimestamp();
            int? status = null;
            IReadOnlyList<int> codes = [];
            var apiErrors = "";
            TimeSpan? retryAfter = null;
            CloudflareErrorKind kind;
            Exception? inner = null;

            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                    var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                    status = (int)response.StatusCode;
                    var envelope = Parse(body, typeInfo);
                    var ok = response.IsSuccessStatusCode && envelope is { Success: true };
                    Log.Answered(_logger, op.Name, method.Method, status.Value, _time.GetElapsedTime(started).TotalMilliseconds, attempt);
                    if (ok)
                    {
                        return new Answer<T>(envelope!.Result, false, status, [], "");
                    }

                    codes = [.. envelope?.Errors?.Select(e => e.Code) ?? []];
                    apiErrors = Redact(string.Join("; ", envelope?.Errors?.Select(e => $"{e.Code}: {e.Message}") ?? []), sensitive);
                    if (notFoundIsAnswer && (status == 404 || codes.Contains(CloudflareErrors.NotFound)))
                    {
                        return new Answer<T>(default, true, status, codes, apiErrors);
                    }

                    kind = response.IsSuccessStatusCode ? CloudflareErrorKind.Unexpected : CloudflareErrors.Classify(status.Value, codes);
                    if (response.IsSuccessStatusCode && apiErrors.Length == 0)
                    {
                        apiErrors = envelope is null ? "the answer is not Cloudflare's JSON envelope" : "the envelope says success: false without errors";
                    }

                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    kind = CloudflareErrorKind.Timeout;
                    inner = e;
                }
                catch (HttpRequestException e)
                {
                    kind = CloudflareErrorKind.Network;
                    apiErrors = Redact(e.HttpRequestError.ToString(), sensitive);
                    inner = e;
                }
            }

            var now = _time.GetUtcNow();
            if (kind == CloudflareErrorKind.RateLimited && retryAfter is { } wait)
            {
                Budget.BlockUntil(now + wait); // Cloudflare said when: nobody sends before
            }

            var delay = Backoff(attempt);
            if (retryAfter is { } after && after > delay)
            {
                delay = after;
            }

            var retried = CloudflareErrors.IsRetriedInPlace(kind);
            DateTimeOffset? retryAt = retried ? now + delay : null;
            if (!retried || attempt >= _options.MaxAttempts || delay > _options.MaxRetryDelay)
            {
                var message = CloudflareErrors.Describe(kind, op, AccountId, status, apiErrors, retryAt);
                Log.Failed(_logger, op.Name, kind, CloudflareErrors.ClassOf(kind), status, string.Join(",", codes), attempt);
                // The inner exception's message can carry the URL but never a header: the token is not in it.
                throw new CloudflareApiException(kind, Cap(message), status, codes, retryAt, inner);
            }

            Log.Retrying(_logger, op.Name, kind, status, attempt, _options.MaxAttempts, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task AcquireSlotAsync(CloudflareOperation op, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = Budget.TryAcquire();
            if (slot.Granted)
            {
                return;
            }

            var wait = slot.NextFreeAt - _time.GetUtcNow();
            // A Retry-After block no longer than a retry may sleep is waited out (the retry that follows a 429 wakes on
            // a monotonic timer and can be a hair early by the wall clock); a spent budget or a long block defers.
            var retryAfterBlock = Budget.BlockedUntil is { } blocked && blocked >= slot.NextFreeAt && wait <= _options.MaxRetryDelay;
            if (wait > _options.MaxBudgetWait && !retryAfterBlock)
            {
                Log.BudgetSpent(_logger, op.Name, Budget.Limit, Budget.Window, slot.NextFreeAt);
                throw new CloudflareApiException(CloudflareErrorKind.BudgetExhausted,
                    CloudflareErrors.Describe(CloudflareErrorKind.BudgetExhausted, op, AccountId, null, "", slot.NextFreeAt),
                    retryAt: slot.NextFreeAt);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
        }
    }

    /// <summary>Exponential: base, 2·base, 4·base, … capped just above <see cref="CloudflareOptions.MaxRetryDelay"/>.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
        return delay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static CloudflareEnvelope<T>? Parse<T>(byte[] body, JsonTypeInfo<CloudflareEnvelope<T>> typeInfo)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string Redact(string text, IReadOnlyList<string> sensitive)
    {
        var result = _token.Redact(text);
        foreach (var value in sensitive)
        {
            if (value.Length > 0)
            {
                result = result.Replace(value, "(sensitive value)", StringComparison.Ordinal);
            }
        }

        return result;
    }

    private static string Cap(string message)
    {
        if (message.Length <= MaxMessageLength)
        {
            return message;
        }

        var sb = new StringBuilder(message, 0, MaxMessageLength, MaxMessageLength + 1);
        return sb.Append('…').ToString();
    }

    /// <summary>What one request came back with.</summary>
    private sealed record Answer<T>(T? Result, bool NotFound, int? Status, IReadOnlyList<int> Codes, string ApiErrors);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Cloudflare {Operation}: {Method} answered {Status} in {ElapsedMs:0} ms (attempt {Attempt})")]
        public static partial void Answered(ILogger logger, string operation, string method, int status, double elapsedMs, int attempt);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Cloudflare {Operation} failed ({Kind}, HTTP {Status}); attempt {Attempt} of {MaxAttempts}, retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, string operation, CloudflareErrorKind kind, int? status, int attempt, int maxAttempts, TimeSpan delay);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Cloudflare {Operation} failed: {Kind} ({Class}), HTTP {Status}, codes [{Codes}], after {Attempts} attempt(s)")]
        public static partial void Failed(ILogger logger, string operation, CloudflareErrorKind kind, CloudflareErrorClass @class, int? status, string codes, int attempts);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Cloudflare request budget spent ({Limit} per {Window}) for {Operation}: next slot at {NextFreeAt:o}")]
        public static partial void BudgetSpent(ILogger logger, string operation, int limit, TimeSpan window, DateTimeOffset nextFreeAt);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Cloudflare workers.dev subdomain: {Subdomain}")]
        public static partial void SubdomainResolved(ILogger logger, string subdomain);
    }
}
