using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>A platform usage endpoint on loopback (<c>POST /api/usage</c>) that records what Workers deliver and answers a quota verdict.</summary>
internal sealed class UsageStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UsageStub(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>(Authorization header, body) of every batch received.</summary>
    public ConcurrentQueue<(string Authorization, string Body)> Batches { get; } = new();

    public static async Task<UsageStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        UsageStub? stub = null;
        app.MapPost("/api/usage", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            stub!.Batches.Enqueue((context.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            return Results.Json(new UsageReply(1, new UsageQuota(null, 0, false)));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new UsageStub(app, address.TrimEnd('/') + "/api/usage");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record UsageReply(int Accepted, UsageQuota Quota);

    private sealed record UsageQuota(int? Limit, int Used, bool Exceeded);
}
