using McpSaas.StatusUi.Tests.Support;

namespace McpSaas.StatusUi.Tests;

/// <summary>The mcp.yaml builder: what it makes passes `./mcpsaas validate`, and opens on GitHub as a new file with that content.</summary>
[Collection(UiCollection.Name)]
public sealed class BuilderTests(BrowserFixture browser, SeededUi ui) : IClassFixture<SeededUi>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BuiltManifest_PassesValidate_AndOpensOnGitHubAsANewFile(bool javaScript)
    {
        await using var context = await browser.NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/builder?tool=fetch"));
        Assert.True(await page.IsCheckedAsync("#b-tool-fetch"));
        Assert.Equal("acme/tools", await page.InputValueAsync("#b-repo"));
        await page.FillAsync("#b-name", "team-reader");
        await page.FillAsync("#b-description", "Docs and GitHub for the team: \"quoted\" # not a comment");
        await page.FillAsync("#b-fetch-with-allowedHosts", "docs.example.com, example.org:8443");
        await page.FillAsync("#b-fetch-with-maxBytes", "2097152");
        await page.CheckAsync("#b-tool-github");
        await page.FillAsync("#b-github-as", "gh");
        await page.FillAsync("#b-github-with-owners", "acme");
        await page.SelectOptionAsync("#b-github-with-readOnly", "true");
        await page.FillAsync("#b-github-secrets-token", "gh-readonly");
        await page.FillAsync("#b-rate", "30");

        await page.ClickAsync("form.builder button[type=submit]");

        var yaml = await page.Locator("#manifest-yaml").InnerTextAsync();
        Assert.Contains("name: team-reader", yaml, StringComparison.Ordinal);
        Assert.Contains("allowedHosts: [docs.example.com, \"example.org:8443\"]", yaml, StringComparison.Ordinal);
        using var folder = new TempDir("mcpsaas-ui-builder");
        folder.Write("team-reader/mcp.yaml", yaml);
        var run = await new McpSaasCli(ui.DataDirectory).RunAsync("validate", folder.Path);
        Assert.True(run.Exit == 0, $"{run}\n---\n{yaml}");
        Assert.Contains("1 file, 1 server, 0 errors", run.Stdout, StringComparison.Ordinal);

        var href = await page.GetAttributeAsync("#open-on-github", "href");
        Assert.NotNull(href);
        Assert.StartsWith("https://github.com/acme/tools/new/main?filename=team-reader%2Fmcp.yaml&value=", href, StringComparison.Ordinal);
        Assert.Equal(yaml, Uri.UnescapeDataString(href[(href.IndexOf("&value=", StringComparison.Ordinal) + 7)..]));
        if (javaScript)
        {
            await PageChecks.AssertAccessibleAsync(page, "builder result"); // axe-core runs as script in the page
        }

        await PageChecks.ScreenshotAsync(page, javaScript ? "builder-result" : "nojs-builder-result");
    }

    [Fact]
    public async Task BuilderJson_ValidatesLikeThePage()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(ui.Url("/api/orgs/acme/builder"), new StringContent(
            """{"name":"x-","plan":"free","tools":[{"use":"fetch","with":{"allowedHosts":"example.com"}}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 0, $"{(int)response.StatusCode} with an empty body");
        var body = System.Text.Json.JsonDocument.Parse(text).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(body.GetProperty("valid").GetBoolean());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("name", error.GetProperty("field").GetString());
        Assert.Equal("MCP108", error.GetProperty("code").GetString());
    }
}
