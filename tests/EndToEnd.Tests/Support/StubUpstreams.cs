using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>
/// Loopback stand-ins for what the Workers' tools call: a small web site (for fetch) and the Slack Web API
/// (checks the bot token like Slack does: `not_authed` / `invalid_auth`). Every request is recorded.
/// </summary>
internal sealed class StubUpstreams : IAsyncDisposable
{
    public const string SlackToken = "xoxb-e2e-1234567890-abcdefghijklmnop";

    private readonly WebApplication _app;

    private StubUpstreams(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public string HostPort => $"{BaseUrl.Host}:{BaseUrl.Port}";

    public static async Task<StubUpstreams> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stubs = new StubUpstreams(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            stubs.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(), body));
            await next();
        });

        app.MapGet("/docs/page", () => Results.Content(
            "<html><head><title>Stub docs</title><script>var x = 1;</script></head><body><h1>Install guide</h1><p>Run the <b>installer</b> twice.</p></body></html>",
            "text/html; charset=utf-8"));

        app.MapMethods("/api/{method}", ["GET", "POST"], (HttpContext context, string method) =>
        {
            var auth = context.Request.Headers.Authorization.ToString();
            if (auth.Length == 0)
            {
                return Results.Json(new { ok = false, error = "not_authed" });
            }

            if (auth != $"Bearer {SlackToken}")
            {
                return Results.Json(new { ok = false, error = "invalid_auth" });
            }

            return method switch
            {
                "conversations.list" => Results.Json(new
                {
                    ok = true,
                    channels = new[] { new { id = "C0456", name = "general", is_channel = true, is_member = true, num_members = 3, topic = new { value = "" }, purpose = new { value = "" } } },
                    response_metadata = new { next_cursor = "" },
                }),
                "chat.postMessage" => Results.Json(new { ok = true, channel = "C0456", ts = "1700000000.000100", message = new { text = "posted", ts = "1700000000.000100" } }),
                _ => Results.Json(new { ok = false, error = "unknown_method" }),
            };
        });

        await app.StartAsync();
        stubs.BaseUrl = new Uri(app.Urls.First());
        return stubs;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string Body);
