using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Secrets;
using McpSaas.StatusUi.Tests.Support;
using Microsoft.Playwright;

namespace McpSaas.StatusUi.Tests;

/// <summary>
/// Bad input on every form gets a clear message at its field (the input is marked invalid and described by the
/// message), the answer is 400, and nothing is changed; the error states pass axe too.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class FormsTests(BrowserFixture browser, SeededUi ui) : IClassFixture<SeededUi>
{
    [Fact]
    public async Task CreateKey_EmptyBadOrTakenName_IsRefusedAtTheNameField()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var before = await KeysAsync();
        foreach (var (name, message) in new[]
        {
            ("", "enter a name for the key"),
            ("Bad Name", "use 1-63 lowercase letters, digits"),
            ("laptop", "this server already has a key named 'laptop'"),
        })
        {
            await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
            await page.FillAsync("#key-name", name);
            await SubmitExpecting400Async(page, "form:has(#key-name) button[type=submit]");
            await AssertAtFieldAsync(page, "#key-name", "key-name-error", message);
            Assert.Equal(0, await page.Locator("#new-key").CountAsync());
        }

        await PageChecks.AssertAccessibleAsync(page, "create key with an error");
        await PageChecks.ScreenshotAsync(page, "form-error-create-key");
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task RevokeKey_AlreadyRevoked_IsRefusedAtTheKeysForm()
    {
        var keys = (ApiKeyService)ui.Services.GetService(typeof(ApiKeyService))!;
        await keys.CreateAsync(ui.Reader, "stale", "test", CancellationToken.None);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"));
        await keys.RevokeAsync(ui.Reader, "stale", "test", CancellationToken.None); // another tab, or the CLI
        var before = await KeysAsync();

        await SubmitExpecting400Async(page, "tr[data-key=stale] button");

        Assert.Contains("no active key named 'stale'", await page.Locator("#revoke-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task SetSecret_BadNameEmptyOrLargeValueOrUnknownRepo_IsRefusedAtEachField_AndNothingIsStored()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var before = await SecretsAsync();

        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
        await SubmitExpecting400Async(page, "form:has(#secret-value) button[type=submit]");
        await AssertAtFieldAsync(page, "#secret-name", "secret-name-error", "enter the secret's name");
        await AssertAtFieldAsync(page, "#secret-value", "secret-value-error", "enter the value");
        Assert.Contains("Nothing was changed", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "secrets form with errors");
        await PageChecks.ScreenshotAsync(page, "form-error-secrets");

        await page.FillAsync("#secret-name", "Slack Bot");
        await page.FillAsync("#secret-value", "xoxb-not-stored-1111111111-abcdefghijkl");
        await SubmitExpecting400Async(page, "form:has(#secret-value) button[type=submit]");
        await AssertAtFieldAsync(page, "#secret-name", "secret-name-error", "use 1-63 lowercase letters, digits, '-' or '_'");
        Assert.Equal("", await page.InputValueAsync("#secret-value")); // a value is never sent back
        Assert.DoesNotContain("xoxb-not-stored", await page.ContentAsync(), StringComparison.Ordinal);

        await page.FillAsync("#secret-name", "big");
        await page.FillAsync("#secret-value", new string('x', SecretStore.MaxValueBytes + 1));
        await SubmitExpecting400Async(page, "form:has(#secret-value) button[type=submit]");
        await AssertAtFieldAsync(page, "#secret-value", "secret-value-error", "5,121 bytes; a secret holds at most 5,120 bytes");

        await page.FillAsync("#secret-name", "scoped");
        await page.FillAsync("#secret-value", "v");
        await page.EvaluateAsync("() => { const s = document.querySelector('#secret-repo'); s.add(new Option('only the repository nope', 'nope')); s.value = 'nope'; }");
        await SubmitExpecting400Async(page, "form:has(#secret-value) button[type=submit]");
        await AssertAtFieldAsync(page, "#secret-repo", "secret-repo-error", "the org has no repository 'nope'");

        Assert.Equal(before, await SecretsAsync());
    }

    [Fact]
    public async Task DeleteSecret_AlreadyDeleted_IsRefused_AndNothingElseChanges()
    {
        await ui.Secrets.SetAsync(SecretScope.ForOrg(SeededUi.Org), "gone-soon", new SecretValue("v1"), "test", CancellationToken.None);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
        await ui.Secrets.RemoveAsync(SecretScope.ForOrg(SeededUi.Org), "gone-soon", "test", CancellationToken.None);
        var before = await SecretsAsync();

        await SubmitExpecting400Async(page, "tr[data-secret=gone-soon] button");

        Assert.Contains("there is no secret 'gone-soon'", await page.Locator("#delete-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SecretsAsync());
    }

    [Fact]
    public async Task Builder_EveryProblem_IsShownAtItsField_AndACredentialIsNeverEchoed()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/builder"));
        await page.FillAsync("#b-name", "Bad_Name");
        await page.SelectOptionAsync("#b-plan", "pro");
        await page.CheckAsync("#b-tool-fetch");
        await page.CheckAsync("#b-tool-github");
        await page.FillAsync("#b-github-secrets-token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        await page.FillAsync("#b-repo", "not a repo");

        await SubmitExpecting400Async(page, "form.builder button[type=submit]");

        await AssertAtFieldAsync(page, "#b-name", "b-name-error", "MCP108");
        await AssertAtFieldAsync(page, "#b-plan", "b-plan-error", "MCP304");
        await AssertAtFieldAsync(page, "#b-fetch-with-allowedHosts", "b-fetch-with-allowedHosts-error", "tool 'fetch' needs settings under `with:` (required: allowedHosts)");
        await AssertAtFieldAsync(page, "#b-github-secrets-token", "b-github-secrets-token-error", "MCP203");
        await AssertAtFieldAsync(page, "#b-repo", "b-repo-error", "write it as owner/name");
        Assert.Equal("", await page.InputValueAsync("#b-github-secrets-token"));
        Assert.DoesNotContain("ghp_abcdefghijklmnop", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#manifest-yaml").CountAsync());
        Assert.True(await page.IsCheckedAsync("#b-tool-fetch"), "the form keeps what was picked");
        Assert.Equal("Bad_Name", await page.InputValueAsync("#b-name"));

        // A premium tool below plan pro, at the tool's own checkbox.
        await page.SelectOptionAsync("#b-plan", "free");
        await page.UncheckAsync("#b-tool-github");
        await page.CheckAsync("#b-tool-notion");
        await page.FillAsync("#b-notion-secrets-token", "notion-token");
        await SubmitExpecting400Async(page, "form.builder button[type=submit]");
        await AssertAtFieldAsync(page, "#b-tool-notion", "b-tool-notion-error", "MCP302");
        await PageChecks.AssertAccessibleAsync(page, "builder with errors");
        await PageChecks.ScreenshotAsync(page, "form-error-builder");
    }

    [Fact]
    public async Task CatalogAndGettingStarted_BadInput_IsShownAtTheField()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/catalog?category=nonsense"), 400);
        await AssertAtFieldAsync(page, "#catalog-category", "catalog-category-error", "'nonsense' is not a category");
        await PageChecks.AssertAccessibleAsync(page, "catalog with an error");

        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/getting-started"));
        await page.FillAsync("#gs-name", "Not A Name");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form:has(#gs-name) button"), r => r.Url.Contains("getting-started?", StringComparison.Ordinal));
        Assert.Equal(400, response.Status);
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        await AssertAtFieldAsync(page, "#gs-name", "gs-name-error", "not a server name");
        await PageChecks.AssertAccessibleAsync(page, "getting started with an error");
    }

    private static async Task SubmitExpecting400Async(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>The message is in the field's error element, which the field points at and which marks it invalid.</summary>
    private static async Task AssertAtFieldAsync(IPage page, string field, string errorId, string message)
    {
        var error = page.Locator($"#{errorId}");
        Assert.True(await error.CountAsync() == 1, $"no error at {field}:\n{await page.Locator("main").InnerTextAsync()}");
        Assert.Contains(message, await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync(field, "aria-invalid"));
        Assert.Contains(errorId, (await page.GetAttributeAsync(field, "aria-describedby") ?? "").Split(' '));
    }

    private async Task<string> KeysAsync() =>
        string.Join(",", (await ui.Store.ListApiKeysAsync(ui.Reader, true, CancellationToken.None)).Select(k => $"{k.Name}:{k.IsActive}"));

    private async Task<string> SecretsAsync() =>
        string.Join(",", (await ui.Store.ListSecretRowsAsync(SeededUi.Org, true, CancellationToken.None)).Select(s => $"{s.Repo}/{s.Name}:{s.Version}:{s.IsDeleted}"));
}
