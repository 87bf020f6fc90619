using System.Net;
using System.Text.Json;
using McpSaas.StatusUi.Tests.Support;
using Microsoft.Playwright;
using ModelContextProtocol.Client;

namespace McpSaas.StatusUi.Tests;

/// <summary>
/// The status UI of a real <c>./mcpsaas up</c>: calls made through a real Worker on local workerd with the official C#
/// MCP client are counted on the page; the snippets are <c>connect</c>'s; a key made on the page works against the
/// Worker and gets 401 once revoked on the page; a secret set on the page reaches the Worker and shows nowhere.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class RealRunTests(BrowserFixture browser, UpRun up) : IClassFixture<UpRun>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task CallsMadeThroughTheWorker_AreNOnThePage_InTheChartTheTableAndTheLastCalls()
    {
        const int calls = 7;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using (var client = await Mcp.ConnectAsync(up.ReaderUrl, up.ReaderKey, cts.Token))
        {
            for (var i = 0; i < calls; i++)
            {
                var result = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(up.Stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cts.Token);
                Assert.NotEqual(true, result.IsError);
            }
        }

        // The Worker's outbox delivers to up's usage endpoint within seconds.
        JsonElement server = default;
        for (var i = 0; i < 120; i++)
        {
            server = JsonDocument.Parse(await Http.GetStringAsync(up.Url("/api/orgs/local/servers/uirun/reader"), cts.Token)).RootElement;
            if (server.GetProperty("usage").GetProperty("calls").GetInt64() >= calls)
            {
                break;
            }

            await Task.Delay(500, cts.Token);
        }

        Assert.Equal(calls, server.GetProperty("usage").GetProperty("calls").GetInt64());
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/servers/uirun/reader"));
        var bars = await page.Locator("figure.chart svg rect[data-calls]").EvaluateAllAsync<long[]>("rs => rs.map(r => Number(r.dataset.calls))");
        Assert.Equal(calls, bars.Sum());
        Assert.All(await page.Locator("figure.chart svg rect[data-tool]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.tool)"), t => Assert.Equal("fetch", t));
        Assert.Equal(calls.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("table.usage-days tfoot [data-total-calls]").GetAttributeAsync("data-total-calls"));
        var rows = page.Locator("table.recent-calls tbody tr");
        Assert.Equal(calls, await rows.CountAsync());
        foreach (var row in await rows.AllAsync())
        {
            var cells = await row.Locator("td").AllInnerTextsAsync();
            Assert.Equal(["fetch", "default", "ok"], cells.Skip(1).Take(3));
        }

        Assert.Contains("default", await page.Locator("table.by-key").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("0", await page.Locator("[data-error-rate]").GetAttributeAsync("data-error-rate"));
        await PageChecks.AssertAccessibleAsync(page, "server page after real calls");
        await PageChecks.ScreenshotAsync(page, "up-server-after-calls");
    }

    [Fact]
    public async Task ConnectionSnippets_AreExactlyWhatConnectPrints()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/servers/uirun/reader"));

        var all = await up.Cli.RunAsync("connect", "local/uirun/reader");
        Assert.True(all.Exit == 0, all.ToString());
        Assert.Equal(all.Stdout, await page.Locator("#connect-text").TextContentAsync());
        foreach (var client in McpSaas.Reconciler.Connect.ConnectionSnippets.Clients)
        {
            var one = await up.Cli.RunAsync("connect", "local/uirun/reader", "--client", client);
            Assert.True(one.Exit == 0, one.ToString());
            Assert.Equal(one.Stdout, await page.Locator($"pre[data-client='{client}']").TextContentAsync());
        }

        Assert.Equal(up.ReaderUrl, await page.Locator("#mcp-url").TextContentAsync());
    }

    [Fact]
    public async Task KeyCreatedOnThePage_WorksAgainstTheWorker_AndGets401AfterRevokeOnThePage()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/servers/uirun/reader"));
        await page.FillAsync("#key-name", "browser");
        await page.ClickAsync("form:has(#key-name) button[type=submit]");
        var key = (await page.Locator("#new-key").TextContentAsync())!.Trim();
        Assert.Contains("its Worker serves the change now", await page.Locator(".notice").First.InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.ScreenshotAsync(page, "up-key-created");

        await using (var client = await Mcp.ConnectAsync(up.ReaderUrl, key, cts.Token))
        {
            Assert.Contains(await client.ListToolsAsync(cancellationToken: cts.Token), t => t.Name == "fetch");
        }

        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(up.ReaderUrl, key));
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/servers/uirun/reader"));
        await page.ClickAsync("tr[data-key=browser] button");
        Assert.Contains("Key 'browser' revoked: its Worker serves the change now", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(up.ReaderUrl, key));
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(up.ReaderUrl, up.ReaderKey)); // the other keys still work
    }

    [Fact]
    public async Task SecretSetOnThePage_ReachesTheWorker_AndIsInNoPageOrJson()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/secrets"));
        Assert.Contains("local/uirun/chat", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal); // waited for
        await PageChecks.OpenAsync(page, up.Url($"/orgs/local/secrets?name={UpRun.ChatSecret}"));
        await page.FillAsync("#secret-value", StubUpstreams.SlackToken);
        await page.ClickAsync("form:has(#secret-value) button[type=submit]");
        Assert.Contains($"Secret '{UpRun.ChatSecret}' set for the org local", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // up picks it up at its next reconcile: the server is created with the value, and Slack sees it.
        var (url, key) = await up.WaitForServerAsync("chat", TimeSpan.FromSeconds(90));
        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            var result = await client.CallToolAsync("slack_list_channels", new Dictionary<string, object?>(), cancellationToken: cts.Token);
            Assert.NotEqual(true, result.IsError);
        }

        Assert.Contains(up.Stubs.Requests, r => r.PathAndQuery.StartsWith("/api/conversations.list", StringComparison.Ordinal) && r.Authorization == $"Bearer {StubUpstreams.SlackToken}");

        // The value is in no page and no JSON answer; the secrets page says who uses it.
        await PageChecks.OpenAsync(page, up.Url("/orgs/local/secrets"));
        Assert.Contains("local/uirun/chat", await page.Locator($"tr[data-secret={UpRun.ChatSecret}]").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var path in PagePaths())
        {
            await PageChecks.OpenAsync(page, up.Url(path));
            Assert.DoesNotContain(StubUpstreams.SlackToken, await page.ContentAsync(), StringComparison.Ordinal);
        }

        foreach (var path in JsonPaths())
        {
            Assert.DoesNotContain(StubUpstreams.SlackToken, await Http.GetStringAsync(up.Url(path), cts.Token), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(StubUpstreams.SlackToken, up.Up.Stdout + up.Up.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_OpensWithTheRunsRealData_AndPassesAxe()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var expected = new Dictionary<string, string>
        {
            ["/orgs"] = "local",
            ["/orgs/local"] = "uirun/reader",
            ["/orgs/local/servers/uirun/reader"] = up.ReaderUrl,
            ["/orgs/local/servers/examples/docs-reader"] = "/local/examples/docs-reader/mcp",
            ["/orgs/local/servers/examples/team-tools"] = "slack-bot",
            ["/orgs/local/secrets"] = "gh-readonly",
            ["/orgs/local/catalog"] = "slack_post_message",
            ["/orgs/local/builder"] = "allowedHosts",
            ["/orgs/local/plan"] = "Plan of local: enterprise",
            ["/orgs/local/getting-started"] = "./mcpsaas keys create local/examples/",
        };
        foreach (var (path, marker) in expected)
        {
            await PageChecks.OpenAsync(page, up.Url(path));
            Assert.Contains(marker, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertAccessibleAsync(page, path);
            await PageChecks.ScreenshotAsync(page, "up" + path.Replace('/', '-'));
        }

        // The overview and its JSON agree on every server's state.
        var overview = JsonDocument.Parse(await Http.GetStringAsync(up.Url("/api/orgs/local/overview"))).RootElement;
        await PageChecks.OpenAsync(page, up.Url("/orgs/local"));
        foreach (var server in overview.GetProperty("servers").EnumerateArray())
        {
            var label = server.GetProperty("status").GetProperty("label").GetString()!;
            Assert.Contains(label, await page.Locator($"tr[data-server='{server.GetProperty("id").GetString()}']").InnerTextAsync(), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> PagePaths() =>
    [
        "/orgs", "/orgs/local", "/orgs/local/servers/uirun/reader", "/orgs/local/servers/uirun/chat", "/orgs/local/secrets",
        "/orgs/local/catalog", "/orgs/local/builder", "/orgs/local/plan", "/orgs/local/getting-started",
    ];

    private static IEnumerable<string> JsonPaths() =>
    [
        "/api/orgs", "/api/orgs/local/overview", "/api/orgs/local/servers/uirun/reader", "/api/orgs/local/servers/uirun/chat",
        "/api/orgs/local/servers/uirun/chat/status", "/api/orgs/local/secrets", "/api/orgs/local/catalog", "/api/orgs/local/plan",
        "/api/orgs/local/getting-started",
    ];
}
