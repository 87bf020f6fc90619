using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// A fake of the Cloudflare Workers API (cloudflare-workers-api.md) on 127.0.0.1: exactly the endpoints McpSaas's
/// client uses, answering with Cloudflare's envelope and refusing what the real API refuses (auth, script names,
/// tags, module and binding rules, Durable Object migrations, sizes and counts), with the 1,200-per-5-minutes rate
/// limit on an injectable clock and seeded fault injection. Every request is recorded. Uploaded scripts run in real
/// workerd, reached through <see cref="CreateWorkersDevHandler"/> at <c>https://&lt;script&gt;.&lt;subdomain&gt;.workers.dev</c>.
/// <para>
/// Endpoints (under <see cref="BaseUrl"/>, i.e. <c>/client/v4</c>): <c>GET /accounts/{a}/workers/scripts[?tags=]</c>,
/// <c>PUT|DELETE …/scripts/{name}</c>, <c>GET|PATCH …/settings</c>, <c>GET|PATCH …/script-settings</c>,
/// <c>PUT …/secrets</c>, <c>PATCH …/secrets-bulk</c>, <c>GET|POST|DELETE …/subdomain</c>, <c>GET /accounts/{a}/workers/subdomain</c>.
/// </para>
/// </summary>
public sealed class FakeCloudflareApi : IAsyncDisposable
{
    private const string Root = "/client/v4";

    private readonly FakeCloudflareState _state;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SlidingWindow _rateLimit;
    private readonly Lock _rateLock = new();
    private readonly Random _faults;
    private readonly Lock _faultLock = new();
    private readonly string _folder;
    private readonly FakeWorkersRuntime? _runtime;
    private WebApplication? _app;
    private long _sequence;

    private FakeCloudflareApi(FakeCloudflareOptions options)
    {
        Options = options;
        _state = new FakeCloudflareState(options);
        _rateLimit = new SlidingWindow(options.RateLimit, options.RateLimitWindow);
        _faults = new Random(options.FaultSeed);
        _folder = Path.Combine(Path.GetTempPath(), $"mcpsaas-fakecf-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        if (options.RunWorkers)
        {
            _runtime = new FakeWorkersRuntime(options, _state.Views, _folder);
            _state.Changed = _runtime.MarkDirty;
        }
    }

    public FakeCloudflareOptions Options { get; }

    /// <summary>The API root, like <c>https://api.cloudflare.com/client/v4</c>: <c>http://127.0.0.1:&lt;port&gt;/client/v4</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public string AccountId => Options.AccountId;

    public string ApiToken => Options.ApiToken;

    /// <summary>Every request received so far, in order of arrival.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests.OrderBy(r => r.Sequence)];

    /// <summary>Every script on the account now.</summary>
    public IReadOnlyList<FakeScriptView> Scripts => _state.Views();

    public static async Task<FakeCloudflareApi> StartAsync(FakeCloudflareOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeCloudflareApi(options ?? new FakeCloudflareOptions());
        await fake.StartServerAsync(cancellationToken);
        return fake;
    }

    public FakeScriptView? Script(string name) => _state.View(name);

    /// <summary>Forgets the requests recorded so far.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>Puts a script on the account that did not come through the API (e.g. one McpSaas does not own).</summary>
    public void SeedScript(string name, IReadOnlyList<string>? tags = null, string? mainModule = null) =>
        _state.Seed(name, tags ?? [], mainModule ?? "export default { fetch() { return new Response(\"not McpSaas\"); } };\n");

    /// <summary>A deploy by another client (dashboard, wrangler): new version and etag, <c>last_deployed_from</c> set; optionally new entry module text.</summary>
    public void DeployOutside(string scriptName, Func<string, string>? changeMainModule = null, string deployedFrom = "dash") =>
        _state.DeployOutside(scriptName, changeMainModule, deployedFrom);

    /// <summary>
    /// A handler for <see cref="HttpClient"/>s (the MCP client's too) that reaches <c>https://&lt;script&gt;.&lt;subdomain&gt;.workers.dev</c>
    /// in the fake's workerd: the TCP connection goes to loopback, TLS and the Host header stay as for the real host (the
    /// Worker checks <c>MCP_ALLOWED_HOSTS</c>). Other hosts are refused.
    /// </summary>
    public SocketsHttpHandler CreateWorkersDevHandler()
    {
        var runtime = _runtime ?? throw new InvalidOperationException("this fake was started with RunWorkers = false");
        var suffix = $".{Options.Subdomain}.workers.dev";
        var thumbprint = runtime.Certificate.Thumbprint;
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(1), // workerd restarts after each change
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                if (Options.Subdomain is null || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    throw new HttpRequestException($"the fake Cloudflare routes only *{suffix}, not {host}");
                }

                var port = await runtime.EnsureRunningAsync(cancellationToken);
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        };
    }

    /// <summary>What the fake's workerd printed since its last start (script errors show here).</summary>
    public string WorkersLog() => _runtime?.LogTail() ?? "(workers are not run)";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + Root;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var sequence = Interlocked.Increment(ref _sequence);
        var at = Options.Clock.GetUtcNow();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var fullPath = request.Path.Value ?? "";
        var path = fullPath.StartsWith(Root + "/", StringComparison.Ordinal) ? fullPath[Root.Length..] : fullPath;
        var query = request.QueryString.Value ?? "";
        var recorded = Options.RecordRequestBodies ? body : [];
        var fault = FakeFault.None;
        int status;
        int? code = null;
        string json;
        try
        {
            if (!fullPath.StartsWith(Root + "/", StringComparison.Ordinal))
            {
                throw new FakeApiException(404, FakeErrorCodes.NoRoute, "No route for the URI");
            }

            Authenticate(request.Headers.Authorization.ToString());
            lock (_rateLock)
            {
                if (_rateLimit.TryAccept(at) is { } wait)
                {
                    context.Response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    throw new FakeApiException(429, FakeErrorCodes.RateLimited, "Please wait and consider throttling your request speed");
                }
            }

            fault = PickFault(request.Method, path);
            if (fault != FakeFault.None)
            {
                await InjectAsync(fault, context);
            }

            var result = await RouteAsync(request.Method, path, query, request.ContentType, body, context.RequestAborted);
            status = 200;
            json = FakeJson.Envelope(result);
        }
        catch (FakeApiException e)
        {
            status = e.Status;
            code = e.Code == 0 ? null : e.Code;
            json = e.Code == 0
                ? """{"success":false,"errors":[],"messages":[],"result":null}"""
                : FakeJson.Error(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _requests.Enqueue(new RecordedRequest(sequence, at, request.Method, path, query, headers, recorded, 0, null, fault));
            return;
        }

        _requests.Enqueue(new RecordedRequest(sequence, at, request.Method, path, query, headers, recorded, status, code, fault));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    private void Authenticate(string authorization)
    {
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.Ordinal))
        {
            throw new FakeApiException(401, FakeErrorCodes.Authentication, "Authentication error");
        }

        var given = Encoding.UTF8.GetBytes(authorization[bearer.Length..]);
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(Options.ApiToken)))
        {
            throw new FakeApiException(403, FakeErrorCodes.Authentication, "Authentication error");
        }
    }

    private FakeFault PickFault(string method, string path)
    {
        if (Options.FaultRate <= 0 || Options.Faults == FakeFault.None || (Options.FaultFilter is { } filter && !filter(method, path)))
        {
            return FakeFault.None;
        }

        var kinds = Enum.GetValues<FakeFault>().Where(f => f is not FakeFault.None and not FakeFault.All && Options.Faults.HasFlag(f)).ToList();
        lock (_faultLock)
        {
            var roll = _faults.NextDouble();
            var pick = _faults.Next(kinds.Count);
            return roll < Options.FaultRate ? kinds[pick] : FakeFault.None;
        }
    }

    private async Task InjectAsync(FakeFault fault, HttpContext context)
    {
        switch (fault)
        {
            case FakeFault.RateLimited:
                context.Response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(Options.FaultRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                throw new FakeApiException(429, FakeErrorCodes.RateLimited, "Please wait and consider throttling your request speed");
            case FakeFault.ServerError:
                throw new FakeApiException(500, 0, "");
            case FakeFault.ConcurrentModification:
                throw new FakeApiException(409, FakeErrorCodes.ConcurrentModification, "A concurrent modification of this Worker is in progress; try again.");
            case FakeFault.Timeout:
                await Task.Delay(Options.HangTime, context.RequestAborted);
                throw new FakeApiException(504, 0, "");
        }
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> RouteAsync(string method, string path, string query, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length < 3 || segments[0] != "accounts" || segments[2] != "workers")
        {
            throw new FakeApiException(404, FakeErrorCodes.NoRoute, "No route for the URI");
        }

        if (segments[1] != Options.AccountId)
        {
            throw new FakeApiException(403, FakeErrorCodes.Authentication, "Authentication error");
        }

        if (method != "GET" && !Options.TokenCanEdit)
        {
            throw new FakeApiException(403, FakeErrorCodes.Unauthorized, "Unauthorized to access requested resource");
        }

        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var rest = segments[3..];
        return (method, rest) switch
        {
            ("GET", ["subdomain"]) => _state.AccountSubdomain(),
            ("GET", ["scripts"]) => _state.List(parameters.TryGetValue("tags", out var tags) ? tags.ToString() : null),
            ("PUT", ["scripts", var name]) => await _state.UploadAsync(name, contentType, body,
                parameters.TryGetValue("bindings_inherit", out var inherit) && inherit.ToString() == "strict", cancellationToken),
            ("DELETE", ["scripts", var name]) => _state.Delete(name, parameters.TryGetValue("force", out var force) && force.ToString() == "true"),
            ("GET", ["scripts", var name, "settings"]) => _state.GetSettings(name),
            ("PATCH", ["scripts", var name, "settings"]) => await _state.PatchSettingsAsync(name, contentType, body, cancellationToken),
            ("GET", ["scripts", var name, "script-settings"]) => _state.GetScriptSettings(name),
            ("PATCH", ["scripts", var name, "script-settings"]) => _state.PatchScriptSettings(name, body),
            ("PUT", ["scripts", var name, "secrets"]) => _state.PutSecret(name, body),
            ("PATCH", ["scripts", var name, "secrets-bulk"]) => _state.PatchSecrets(name, body),
            ("GET", ["scripts", var name, "subdomain"]) => _state.GetScriptSubdomain(name),
            ("POST", ["scripts", var name, "subdomain"]) => _state.SetScriptSubdomain(name, body),
            ("DELETE", ["scripts", var name, "subdomain"]) => _state.SetScriptSubdomain(name, null),
            (_, ["subdomain"] or ["scripts"] or ["scripts", _] or ["scripts", _, "settings" or "script-settings" or "secrets" or "secrets-bulk" or "subdomain"]) =>
                throw new FakeApiException(405, FakeErrorCodes.MethodNotAllowed, $"Method {method} not allowed for this endpoint"),
            _ => throw new FakeApiException(404, FakeErrorCodes.NoRoute, "No route for the URI"),
        };
    }
}
