using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.WebhookApi.Tests;

/// <summary>The app as the CLI's <c>up</c> hosts it: built through <see cref="McpSaasHost"/>, on a real loopback socket.</summary>
public sealed class McpSaasHostTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Build_MountsTheStatusUi_ForThisMachine_AndNotThroughAProxy()
    {
        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions { DataDirectory = _data, Urls = ["http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        await using var app = McpSaasHost.Build(builder);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var page = await client.GetAsync(new Uri("/orgs/local", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Servers of local</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_data, "keys", "ui")).Any(), "antiforgery keys live in the data folder");

        // A reverse proxy on this machine passes its clients on: they are not local, and every org answers 404.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/orgs/local/overview", UriKind.Relative));
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var refused = await client.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task CreateBuilder_OnLoopback_ServesUsageIngest_FromTheGivenDataFolder()
    {
        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions { DataDirectory = _data, Urls = ["http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        await using var app = McpSaasHost.Build(builder);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.True(File.Exists(Path.Combine(_data, "state.db")), "the store is created and migrated at start");

        var store = app.Services.GetRequiredService<IStateStore>();
        var server = ServerId.Parse("local/examples/fetch");
        await store.EnsureServersAsync([server], CancellationToken.None);
        var token = (await app.Services.GetRequiredService<UsageTokens>().IssueAsync(server, CancellationToken.None)).Token!.Reveal();

        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/usage", UriKind.Relative))
        {
            Content = new StringContent(
                $$"""{"events":[{"eventId":"e1","serverId":"local/examples/fetch","tool":"fetch","keyId":null,"ok":true,"errorKind":null,"durationMs":3,"ts":"{{DateTimeOffset.UtcNow:O}}"}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":1,"quota":{"limit":null,"used":1,"exceeded":false}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await store.GetOrgCallsAsync("local", UsageMonth.Of(DateTimeOffset.UtcNow), CancellationToken.None));
        await app.StopAsync();
    }
}
