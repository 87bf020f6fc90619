using System.Globalization;
using System.Net;
using System.Text.Json;
using McpSaas.Reconciler.Secrets;
using McpSaas.StatusUi.Tests.Support;
using Microsoft.Playwright;

namespace McpSaas.StatusUi.Tests;

/// <summary>
/// Every page of the status UI in Chromium over a seeded store (see <see cref="SeededUi"/>): real data on each page,
/// axe-core without serious or critical violations, JavaScript off, the chart and its table, the quota banners,
/// premium tools locked, the live status, the JSON API. Screenshots go to .build/ui-screenshots.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class SeededPagesTests(BrowserFixture browser, SeededUi ui) : IClassFixture<SeededUi>
{
    /// <summary>Every page, with something on it only real data puts there.</summary>
    private IEnumerable<(string Name, string Path, string Heading, string Marker)> Pages() =>
    [
        ("orgs", "/orgs", "Your orgs", "acme"),
        ("overview", "/orgs/acme", "Servers of acme", "tools/reader"),
        ("server", "/orgs/acme/servers/tools/reader", "acme/tools/reader", "laptop"),
        ("server-waiting", "/orgs/acme/servers/tools/chat", "acme/tools/chat", "slack-bot"),
        ("server-stalled", "/orgs/acme/servers/tools/notes", "acme/tools/notes", "MCP302"),
        ("secrets", "/orgs/acme/secrets", "Secrets of acme", "slack-bot"),
        ("catalog", "/orgs/acme/catalog", "Tool catalog", "notion_search"),
        ("builder", "/orgs/acme/builder", "mcp.yaml builder", "allowedHosts"),
        ("getting-started", "/orgs/newco/getting-started", "Getting started with newco", "printf %s \"$GITHUB_TOKEN\" | ./mcpsaas secrets set newco github-token"),
        ("plan", "/orgs/acme/plan", "Plan of acme: free", "Calls per month"),
        ("not-found", "/orgs/acme/servers/tools/nothing", "Not found", "cannot see it"),
    ];

    [Fact]
    public async Task EveryPage_ShowsItsData_PassesAxe_AndIsScreenshotted()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var (name, path, heading, marker) in Pages())
        {
            await PageChecks.OpenAsync(page, ui.Url(path), name == "not-found" ? 404 : 200);
            Assert.Equal(heading, (await page.Locator("h1").First.InnerTextAsync()).Replace("Server ", "", StringComparison.Ordinal).Trim());
            Assert.Contains(marker, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertAccessibleAsync(page, name);
            await PageChecks.ScreenshotAsync(page, $"seeded-{name}");
        }
    }

    [Fact]
    public async Task EveryPage_WorksWithJavaScriptOff_FormsToo()
    {
        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        foreach (var (name, path, heading, marker) in Pages())
        {
            await PageChecks.OpenAsync(page, ui.Url(path), name == "not-found" ? 404 : 200);
            Assert.Contains(marker, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            // Copy buttons need the script: without it they stay hidden, and the text is there to select.
            Assert.Equal(0, await page.Locator("button.copy:visible").CountAsync());
            await PageChecks.ScreenshotAsync(page, $"nojs-{name}");
        }

        // A form posts and answers without any script: a key is created and shown once.
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
        await page.FillAsync("#key-name", "nojs");
        await page.ClickAsync("form:has(#key-name) button[type=submit]");
        Assert.StartsWith("mcps_", await page.Locator("#new-key").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(await ui.Store.ListApiKeysAsync(ui.Reader, false, CancellationToken.None), k => k.Name == "nojs");
    }

    [Fact]
    public async Task UsageChart_AndItsTable_CountEveryRecordedCall()
    {
        const int window = SeededUi.CallsThisMonth + SeededUi.CallsLastMonth;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));

        var bars = await page.Locator("figure.chart svg rect[data-calls]").EvaluateAllAsync<long[]>("rs => rs.map(r => Number(r.dataset.calls))");
        Assert.Equal(window, bars.Sum());
        Assert.Equal(window.ToString(CultureInfo.InvariantCulture), await page.Locator("table.usage-days tfoot [data-total-calls]").GetAttributeAsync("data-total-calls"));
        var dayTotals = await page.Locator("table.usage-days tbody tr").EvaluateAllAsync<long[]>(
            "rows => rows.map(r => Number(r.cells[r.cells.length - 2].textContent.replace(/,/g, '')))");
        Assert.Equal(30, dayTotals.Length);
        Assert.Equal(window, dayTotals.Sum());
        Assert.Equal(window, await page.Locator("table.recent-calls tbody tr").CountAsync());
        Assert.Contains("laptop", await page.Locator("table.by-key").InnerTextAsync(), StringComparison.Ordinal);

        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(ui.Url("/api/orgs/acme/servers/tools/reader"))).RootElement;
        Assert.Equal(window, json.GetProperty("usage").GetProperty("calls").GetInt64());
        Assert.Equal(window, json.GetProperty("usage").GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("calls").GetInt64()));
        Assert.Equal(window, json.GetProperty("recentCalls").GetArrayLength());
    }

    [Fact]
    public async Task QuotaBanners_AppearAt80_AndAt100PercentOfTheMonth()
    {
        // An org of its own (free, 20 calls a month), so the other tests' figures stay as seeded.
        var server = new McpSaas.Reconciler.Identity.ServerId("busy", "tools", "api");
        await ui.Store.SetEntitlementAsync("busy", McpSaas.Schema.Plans.PlanTier.Free, new McpSaas.Reconciler.State.PlanLimitOverrides { CallsPerMonth = 20 }, CancellationToken.None);
        await ui.Store.RecordDeploymentAsync(new McpSaas.Reconciler.State.DeploymentRecord
        {
            ServerId = server,
            Action = McpSaas.Reconciler.State.DeployAction.Create,
            Platform = "memory",
            ScriptName = "mcp-busy-tools-api",
            ContentHash = "h1",
            Revision = "0123456789abcdef0123456789abcdef01234567",
            EndpointUrl = "https://mcp-busy-tools-api.example.workers.dev",
        }, CancellationToken.None);
        await ui.Store.RecordUsageAsync("busy", [.. Enumerable.Range(0, 17).Select(i => SeededUi.Call(server, "fetch", null, SeededUi.Now.AddHours(-i * 7)))], CancellationToken.None);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/orgs/busy", "/orgs/busy/plan", "/orgs/busy/servers/tools/api" })
        {
            await PageChecks.OpenAsync(page, ui.Url(path));
            Assert.Equal("80", await page.Locator("[data-banner]").GetAttributeAsync("data-banner"));
            Assert.Contains("85% of the monthly quota used: 17 of 20 calls in 2026-03", await page.Locator("[data-banner]").InnerTextAsync(), StringComparison.Ordinal);
        }

        // 17 calls in 13.4 days: about 1.3 a day, so the 3 left last until 2026-03-16.
        await PageChecks.OpenAsync(page, ui.Url("/orgs/busy/plan"));
        Assert.Equal("2026-03-16", await page.Locator("[data-runs-out]").GetAttributeAsync("data-runs-out"));
        await PageChecks.AssertAccessibleAsync(page, "plan at 80%");
        await PageChecks.ScreenshotAsync(page, "seeded-plan-80");

        await ui.Store.RecordUsageAsync("busy", [.. Enumerable.Range(0, 3).Select(_ => SeededUi.Call(server, "fetch", null, SeededUi.Now))], CancellationToken.None);
        foreach (var path in new[] { "/orgs/busy", "/orgs/busy/plan", "/orgs/busy/servers/tools/api" })
        {
            await PageChecks.OpenAsync(page, ui.Url(path));
            Assert.Equal("100", await page.Locator("[data-banner]").GetAttributeAsync("data-banner"));
            var text = await page.Locator("[data-banner]").InnerTextAsync();
            Assert.Contains("Monthly quota reached: 20 of 20 calls in 2026-03", text, StringComparison.Ordinal);
            Assert.Contains("refused until 2026-04-01", text, StringComparison.Ordinal);
        }

        Assert.Contains("Over quota", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "server page at 100%");
        await PageChecks.ScreenshotAsync(page, "seeded-server-100");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/busy/plan"));
        Assert.Contains("The quota is used up", await page.Locator("[data-runs-out]").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.ScreenshotAsync(page, "seeded-plan-100");
    }

    [Fact]
    public async Task PremiumTools_ShowLocked_WithThePlanTheyNeed_OnTheFreePlanOnly()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/catalog"));
        var notion = page.Locator("[data-tool=notion]");
        Assert.Equal("true", await notion.GetAttributeAsync("data-locked"));
        Assert.Contains("Locked on plan free: needs plan pro or above", await notion.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("false", await page.Locator("[data-tool=slack]").GetAttributeAsync("data-locked"));

        // Search and category filter.
        await page.FillAsync("#catalog-q", "post_message");
        await page.ClickAsync("form[role=search] button");
        Assert.Equal(["slack"], await page.Locator("[data-tool]").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.tool)"));
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/catalog?category=knowledge"));
        Assert.Equal(["notion"], await page.Locator("[data-tool]").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.tool)"));

        // An org on pro sees nothing locked.
        await ui.Store.SetEntitlementAsync("bigco", McpSaas.Schema.Plans.PlanTier.Pro, McpSaas.Reconciler.State.PlanLimitOverrides.None, CancellationToken.None);
        await PageChecks.OpenAsync(page, ui.Url("/orgs/bigco/catalog"));
        Assert.Equal("false", await page.Locator("[data-tool=notion]").GetAttributeAsync("data-locked"));
    }

    [Fact]
    public async Task CatalogSnippets_PastedIntoAManifest_PassValidate()
    {
        using var folder = new TempDir("mcpsaas-ui-snippets");
        using var http = new HttpClient();
        var catalog = JsonDocument.Parse(await http.GetStringAsync(ui.Url("/api/orgs/acme/catalog"))).RootElement;
        foreach (var tool in catalog.GetProperty("tools").EnumerateArray())
        {
            var id = tool.GetProperty("id").GetString()!;
            folder.Write($"{id}/mcp.yaml", $"apiVersion: mcpsaas.dev/v1\nkind: McpServer\nmetadata:\n  name: {id}-server\nspec:\n  plan: pro\n  tools:\n{tool.GetProperty("snippet").GetString()}");
        }

        var run = await new McpSaasCli(ui.DataDirectory).RunAsync("validate", folder.Path);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains($"{catalog.GetProperty("tools").GetArrayLength()} servers, 0 errors", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("newco", "newco-tools")]
    [InlineData("local", "me-tools")]
    public async Task GettingStarted_StepOneManifest_PassesValidate_WithTheNamesFilledIn(string org, string server)
    {
        using var folder = new TempDir("mcpsaas-ui-start");
        using var http = new HttpClient();
        var view = JsonDocument.Parse(await http.GetStringAsync(ui.Url($"/api/orgs/{org}/getting-started?name={server}"))).RootElement;
        var steps = view.GetProperty("steps").EnumerateArray().ToList();
        folder.Write($"{server}/mcp.yaml", steps[0].GetProperty("code").GetString()!);

        var run = await new McpSaasCli(ui.DataDirectory).RunAsync("validate", folder.Path);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains($"name: {server}", steps[0].GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Contains($"./mcpsaas secrets set {org} github-token", steps[1].GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Contains($"./mcpsaas connect {org}/{view.GetProperty("repo").GetString()}/{server}", steps[2].GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveStatus_FollowsADeploy_WithoutAReload()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
        Assert.Equal("Ready", await page.Locator("#status .badge").First.InnerTextAsync());

        await ui.Store.UpdateServerStatusAsync([new McpSaas.Reconciler.State.ServerStatusUpdate
        {
            Id = ui.Reader,
            State = McpSaas.Reconciler.State.ServerState.Reconciling,
            Reason = "deploying: updating it at 0123456789ab",
        }], CancellationToken.None);
        try
        {
            await Assertions.Expect(page.Locator("#status .badge").First).ToHaveTextAsync("Deploying", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("[data-status=reason]")).ToHaveTextAsync("deploying: updating it at 0123456789ab");
        }
        finally
        {
            await ui.Store.UpdateServerStatusAsync([new McpSaas.Reconciler.State.ServerStatusUpdate { Id = ui.Reader, State = McpSaas.Reconciler.State.ServerState.Ready }], CancellationToken.None);
        }

        await Assertions.Expect(page.Locator("#status .badge").First).ToHaveTextAsync("Ready", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task KeyCreatedOnThePage_IsShownOnce_AndRevokedOnThePage_LeavesTheWorkersKeySet()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
        await page.FillAsync("#key-name", "tablet");
        await page.ClickAsync("form:has(#key-name) button[type=submit]");
        var key = await page.Locator("#new-key").InnerTextAsync();
        var hash = McpSaas.Reconciler.Keys.ApiKeys.Hash(key);
        Assert.Contains(hash, BoundKeyHashes());
        await PageChecks.AssertAccessibleAsync(page, "key created");
        await PageChecks.ScreenshotAsync(page, "seeded-key-created");

        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ClickAsync("tr[data-key=tablet] button");
        Assert.Contains("Key 'tablet' revoked", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(hash, BoundKeyHashes());
        Assert.Contains("revoked", await page.Locator("tr[data-key=tablet]").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretSetOnThePage_IsStored_ButItsValueIsInNoPageOrJson()
    {
        const string value = "xoxb-seeded-5555555555-qwertyuiopasdfgh";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets?name=slack-bot"));
        Assert.Equal("slack-bot", await page.InputValueAsync("#secret-name"));
        await page.FillAsync("#secret-value", value);
        await page.ClickAsync("form:has(#secret-value) button[type=submit]");
        Assert.Contains("Secret 'slack-bot' set for the org acme (version 1)", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("#secret-value"));
        var read = await ui.Secrets.RevealAsync(SeededUi.Org, SeededUi.Repo, "slack-bot", CancellationToken.None);
        Assert.Equal(value, read.Value!.Reveal());

        // Used by: the waiting server that needs it.
        Assert.Contains("acme/tools/chat", await page.Locator("tr[data-secret=slack-bot]").InnerTextAsync(), StringComparison.Ordinal);
        await AssertNowhereAsync(page, value);
    }

    [Fact]
    public async Task FormPost_WithoutItsAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        using var http = new HttpClient();
        var before = (await ui.Store.ListApiKeysAsync(ui.Reader, true, CancellationToken.None)).Count;
        using var response = await http.PostAsync(ui.Url("/orgs/acme/servers/tools/reader"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "create-key", ["name"] = "forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await ui.Store.ListApiKeysAsync(ui.Reader, true, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task JsonApi_ReturnsWhatThePagesShow_And404sWhatDoesNotExist()
    {
        using var http = new HttpClient();
        var overview = JsonDocument.Parse(await http.GetStringAsync(ui.Url("/api/orgs/acme/overview"))).RootElement;
        var servers = overview.GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(["acme/tools/chat", "acme/tools/notes", "acme/tools/reader"], servers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ready", servers["acme/tools/reader"].GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("waiting", servers["acme/tools/chat"].GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("stalled", servers["acme/tools/notes"].GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(["fetch"], servers["acme/tools/reader"].GetProperty("tools").EnumerateArray().Select(t => t.GetString()));

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"));
        var rows = await page.Locator("tr[data-server]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.server)");
        Assert.Equal(servers.Keys.Order(StringComparer.Ordinal), rows);
        Assert.Equal(servers["acme/tools/reader"].GetProperty("callsThisMonth").GetInt64().ToString(CultureInfo.InvariantCulture),
            await page.Locator("tr[data-server='acme/tools/reader'] [data-calls]").GetAttributeAsync("data-calls"));

        foreach (var path in new[] { "/api/orgs/acme/servers/tools/nothing", "/api/orgs/acme/servers/tools/nothing/status", "/api/orgs/bad%20org/overview" })
        {
            using var response = await http.GetAsync(ui.Url(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        foreach (var path in new[] { "/api/orgs", "/api/orgs/acme/secrets", "/api/orgs/acme/plan", "/api/orgs/acme/getting-started", "/api/orgs/acme/catalog?category=web" })
        {
            using var response = await http.GetAsync(ui.Url(path));
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>The key hashes the server's Worker was last given (what the key rollout recorded after rebinding it).</summary>
    private IReadOnlyList<string> BoundKeyHashes()
    {
        var entry = ui.Store.ListInventoryAsync(SeededUi.Org, SeededUi.Repo, CancellationToken.None).GetAwaiter().GetResult().Single(i => i.ServerId == ui.Reader);
        return [.. McpSaas.Reconciler.Desired.DeploymentSummary.FromJson(entry.SummaryJson!)!.Keys.Select(k => k.Sha256)];
    }

    /// <summary>The value is in no page's HTML and no JSON answer of the org.</summary>
    private async Task AssertNowhereAsync(IPage page, string value)
    {
        foreach (var (_, path, _, _) in Pages())
        {
            await page.GotoAsync(ui.Url(path));
            Assert.DoesNotContain(value, await page.ContentAsync(), StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        foreach (var path in new[] { "/api/orgs", "/api/orgs/acme/overview", "/api/orgs/acme/secrets", "/api/orgs/acme/servers/tools/chat", "/api/orgs/acme/servers/tools/reader", "/api/orgs/acme/plan", "/api/orgs/acme/catalog", "/api/orgs/acme/getting-started" })
        {
            Assert.DoesNotContain(value, await http.GetStringAsync(ui.Url(path)), StringComparison.Ordinal);
        }
    }
}
