using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using McpSaas.GitHub;
using McpSaas.GitHub.Webhooks;
using McpSaas.Reconciler.Installations;
using McpSaas.WebhookApi.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpSaas.WebhookApi.GitHub;

/// <summary>
/// <c>POST /webhooks/github</c>: GitHub App deliveries. The HMAC-SHA256 of the raw body is checked (constant time)
/// before anything is parsed: missing or wrong → 401, nothing stored. Bodies over 25 MB → 413 (a declared length is
/// refused without reading; a chunked body is read only up to the cap). <c>ping</c> → 200. Otherwise the delivery id,
/// the records and the jobs it causes are stored in one transaction and the answer is 202 (a redelivery of the same
/// <c>X-GitHub-Delivery</c> → 200 <c>duplicate</c>, nothing done again). The work happens after, in the job runner.
/// </summary>
public static partial class GitHubWebhookEndpoints
{
    public const string Route = "/webhooks/github";

    public static RouteGroupBuilder MapGitHubWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks");
        group.MapPost("/github", ReceiveAsync).WithName("GitHubWebhook");
        return group;
    }

    internal static async Task<JsonHttpResult<WebhookAnswer>> ReceiveAsync(
        HttpContext context, GitHubAppOptions options, IWebhookInbox inbox, JobSignal signal, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(GitHubWebhookEndpoints));
        var request = context.Request;
        const int max = GitHubAppOptions.MaxWebhookBytes;
        if (request.ContentLength > max)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, Error($"the body is {request.ContentLength} bytes; GitHub sends at most {max}"));
        }

        var header = request.Headers[WebhookSignature.HeaderName].ToString();
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(options.WebhookSecret))
        {
            Log.Refused(logger, WebhookSignatureResult.Missing);
            return Unauthorized(context, WebhookSignatureResult.Missing);
        }

        using var body = await ReadSignedAsync(request.Body, options.WebhookSecret, max, cancellationToken).ConfigureAwait(false);
        if (body.TooLarge)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, Error($"the body is over {max} bytes; GitHub sends at most {max}"));
        }

        var verdict = WebhookSignature.VerifyMac(body.Mac, header);
        if (verdict != WebhookSignatureResult.Valid)
        {
            Log.Refused(logger, verdict);
            return Unauthorized(context, verdict);
        }

        var eventName = request.Headers["X-GitHub-Event"].ToString();
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        if (string.IsNullOrWhiteSpace(eventName) || string.IsNullOrWhiteSpace(deliveryId) || deliveryId.Length > 200)
        {
            return Answer(StatusCodes.Status400BadRequest, Error("X-GitHub-Event and X-GitHub-Delivery are required"));
        }

        if (eventName == "ping")
        {
            return Answer(StatusCodes.Status200OK, new WebhookAnswer { Status = "pong", Delivery = deliveryId });
        }

        var parsed = WebhookEvents.Parse(eventName, body.Span);
        if (parsed.Effect is not { } effect)
        {
            Log.Unreadable(logger, deliveryId, eventName, parsed.Error!);
            return Answer(StatusCodes.Status400BadRequest, new WebhookAnswer { Status = "error", Delivery = deliveryId, Error = parsed.Error });
        }

        var action = JsonAction(body.Span);
        var result = await inbox.RecordDeliveryAsync(
            new WebhookDelivery { DeliveryId = deliveryId, Event = eventName, Action = action }, effect, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == DeliveryOutcome.Duplicate)
        {
            Log.Duplicate(logger, deliveryId, eventName);
            return Answer(StatusCodes.Status200OK, new WebhookAnswer { Status = "duplicate", Delivery = deliveryId, Summary = "already received: ignored" });
        }

        var jobs = result.Jobs.Where(j => j.JobId is not null).Select(j => j.JobId!.Value).Distinct().ToList();
        if (jobs.Count > 0)
        {
            signal.Notify();
        }

        Log.Accepted(logger, deliveryId, eventName, effect.Summary, jobs.Count);
        return Answer(StatusCodes.Status202Accepted, new WebhookAnswer { Status = "accepted", Delivery = deliveryId, Summary = effect.Summary, Jobs = jobs });
    }

    private static JsonHttpResult<WebhookAnswer> Unauthorized(HttpContext context, WebhookSignatureResult verdict)
    {
        context.Response.Headers.WWWAuthenticate = "HMAC-SHA256 header=\"X-Hub-Signature-256\"";
        return Answer(StatusCodes.Status401Unauthorized, Error(verdict switch
        {
            WebhookSignatureResult.Missing => "missing X-Hub-Signature-256 (or no webhook secret configured)",
            WebhookSignatureResult.Malformed => "X-Hub-Signature-256 is not sha256=<64 hex digits>",
            _ => "X-Hub-Signature-256 does not match the body: check the App's webhook secret",
        }));
    }

    private static WebhookAnswer Error(string message) => new() { Status = "error", Error = message };

    private static JsonHttpResult<WebhookAnswer> Answer(int status, WebhookAnswer answer) =>
        TypedResults.Json(answer, WebhookJsonContext.Default.WebhookAnswer, statusCode: status);

    /// <summary>The <c>action</c> field, for the delivery log (the parser reads it again; this keeps the inbox record self-contained).</summary>
    private static string? JsonAction(ReadOnlySpan<byte> body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var isAction = reader.ValueTextEquals("action"u8);
            reader.Read();
            if (isAction && reader.TokenType == System.Text.Json.JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.TrySkip();
        }

        return null;
    }

    /// <summary>Reads the body into a pooled buffer, computing the HMAC as it goes; stops after <paramref name="max"/> + 1 bytes.</summary>
    private static async Task<SignedBody> ReadSignedAsync(Stream stream, string secret, int max, CancellationToken cancellationToken)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hmac.AppendData(buffer, length, read);
                length += read;
                if (length > max)
                {
                    return new SignedBody(buffer, length, [], tooLarge: true);
                }
            }

            return new SignedBody(buffer, length, hmac.GetHashAndReset(), tooLarge: false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private sealed class SignedBody(byte[] buffer, int length, byte[] mac, bool tooLarge) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public bool TooLarge { get; } = tooLarge;

        public byte[] Mac { get; } = mac;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _buffer, null) is { } b)
            {
                ArrayPool<byte>.Shared.Return(b);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "GitHub webhook refused: signature {Verdict}")]
        public static partial void Refused(ILogger logger, WebhookSignatureResult verdict);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "GitHub delivery {DeliveryId} ({Event}): {Summary}; {Jobs} jobs")]
        public static partial void Accepted(ILogger logger, string deliveryId, string @event, string summary, int jobs);

        [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "GitHub delivery {DeliveryId} ({Event}) is a redelivery: ignored")]
        public static partial void Duplicate(ILogger logger, string deliveryId, string @event);

        [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "GitHub delivery {DeliveryId} ({Event}) refused: {Error}")]
        public static partial void Unreadable(ILogger logger, string deliveryId, string @event, string error);
    }
}
