using Microsoft.Playwright;

namespace McpSaas.StatusUi.Tests.Support;

/// <summary>
/// One headless Chromium for the suite: Debian's <c>/usr/bin/chromium</c> driven by Playwright (never
/// <c>playwright install</c>; <c>.ci/run</c> installs the package). <c>MCPSAAS_CHROMIUM</c> points elsewhere.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("MCPSAAS_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: install Debian's chromium (`apt-get install -y chromium`, as .ci/run does) or set MCPSAAS_CHROMIUM");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh context (cookies, JavaScript on or off) at a desktop size; dialogs (confirm) are accepted.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        context.Page += (_, page) => page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return context;
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Every browser suite: one Chromium, one test at a time (2 cores shared).</summary>
    public const string Name = "status-ui";
}
