using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace McpSaas.StatusUi.Tests.Support;

/// <summary>What every page must pass: an axe-core scan without serious or critical violations, and a screenshot for review.</summary>
public static class PageChecks
{
    /// <summary>Where screenshots go: <c>.build/ui-screenshots/</c> in the checkout.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Checkout.Root, ".build", "ui-screenshots");

    /// <summary>axe-core runs as script in the page: a context with JavaScript off cannot be scanned (the scan would never return).</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what} ({page.Url}): axe-core found {serious.Count} serious/critical violation(s):\n"
            + string.Join("\n", serious.Select(v => $"  {v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target?.ToString() ?? n.Html))}")));
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    /// <summary>Opens a page and checks it answered 200 (or <paramref name="status"/>).</summary>
    public static async Task<IResponse> OpenAsync(IPage page, string url, int status = 200)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.True(response.Status == status, $"{url} answered {response.Status}, expected {status}:\n{await page.ContentAsync()}");
        return response;
    }
}
