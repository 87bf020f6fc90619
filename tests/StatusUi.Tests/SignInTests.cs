using System.Net;
using System.Text.RegularExpressions;
using McpSaas.StatusUi.Tests.Support;
using Microsoft.Playwright;

namespace McpSaas.StatusUi.Tests;

/// <summary>
/// Sign-in with GitHub in Chromium against the fake GitHub's OAuth server (see <see cref="SignedInUi"/>): the landing page,
/// the first-login welcome, onboarding, each person seeing only their orgs, another org's pages and JSON answering 404,
/// cookie flags, antiforgery, roles (members read, admins change), the audit page and log, sign-out and an expired token.
/// </summary>
[Collection(UiCollection.Name)]
public sealed partial class SignInTests(BrowserFixture browser, SignedInUi ui) : IClassFixture<SignedInUi>
{
    /// <summary>Signs in through the landing page and the fake GitHub's authorize page; returns where it landed.</summary>
    private async Task<IPage> SignInAsync(IBrowserContext context, string login)
    {
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/"));
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new Regex("/login/oauth/authorize"));
        await page.ClickAsync($"button[value={login}]");
        // Back on the UI past the callback, its document parsed (waiting for "load" as well raced with the redirect chain
        // under a busy machine: Playwright once reported network idle but never the load of the landing document).
        await page.WaitForURLAsync(url => url.StartsWith(ui.BaseUrl + "/", StringComparison.Ordinal) && !url.Contains("/signin", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("h1").First.WaitForAsync();
        return page;
    }

    [Fact]
    public async Task SignIn_FirstTime_WelcomesThenShowsOnlyTheOrgsOfTheirInstallations()
    {
        // Someone new: only their first sign-in is welcomed.
        var frank = ui.GitHub.AddUser("frank", 1005, "frank@example.com");
        ui.GitHub.Grant(frank, ui.GitHub.Installation(101)!);
        ui.GitHub.Grant(frank, ui.GitHub.Installation(103)!);
        ui.GitHub.SetMembership(frank, "acme", "member");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PageChecks.OpenAsync(page, ui.Url("/"));
        Assert.Contains("Hosted MCP servers, the GitOps way", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "landing");
        await PageChecks.ScreenshotAsync(page, "signin-landing");

        page = await SignInAsync(context, "frank");
        Assert.Contains("/welcome", page.Url, StringComparison.Ordinal);
        Assert.Equal("Welcome to McpSaas, frank", await page.Locator("h1").InnerTextAsync());
        await PageChecks.AssertAccessibleAsync(page, "welcome");
        await PageChecks.ScreenshotAsync(page, "signin-welcome");
        var user = await ((McpSaas.Reconciler.Users.IUserStore)ui.Services.GetService(typeof(McpSaas.Reconciler.Users.IUserStore))!).GetUserAsync(1005, CancellationToken.None);
        Assert.Equal(("frank", "frank@example.com", 1L), (user!.Login, user.Email, user.SignIns));

        await PageChecks.OpenAsync(page, ui.Url("/orgs"));
        Assert.Equal(["acme", "newco"], await page.Locator("ul.org-list > li > a:first-child").AllInnerTextsAsync());
        Assert.Contains("Signed in as frank", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "orgs signed in");

        await using var alices = await browser.NewContextAsync();
        var alice = await SignInAsync(alices, "alice");
        await PageChecks.OpenAsync(alice, ui.Url("/orgs"));
        Assert.Equal(["acme", "alice", "newco"], await alice.Locator("ul.org-list > li > a:first-child").AllInnerTextsAsync());
        await PageChecks.ScreenshotAsync(alice, "signin-orgs");
    }

    private const string SetSecretForm = "form:has(input[name=_handler][value=set-secret])";

    [Fact]
    public async Task AnotherOrgsPages_Secrets_AndApiUrls_Answer404_LikeAnOrgThatDoesNotExist()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "alice");
        foreach (var path in new[] { "/orgs/acme", "/orgs/acme/servers/tools/reader", "/orgs/acme/secrets", "/orgs/newco/getting-started", "/orgs/alice/audit" })
        {
            await PageChecks.OpenAsync(page, ui.Url(path));
        }

        foreach (var path in new[]
        {
            "/orgs/globex", "/orgs/globex/servers/web/site", "/orgs/globex/secrets", "/orgs/globex/plan", "/orgs/globex/builder",
            "/orgs/globex/audit", "/orgs/globex/getting-started", "/orgs/nosuchorg",
        })
        {
            await PageChecks.OpenAsync(page, ui.Url(path), 404);
            Assert.Equal("Not found", await page.Locator("h1").InnerTextAsync());
            Assert.DoesNotContain("globex-token", await page.ContentAsync(), StringComparison.Ordinal);
        }

        var unknown = await context.APIRequest.GetAsync(ui.Url("/api/orgs/nosuchorg/overview"));
        Assert.Equal(404, unknown.Status);
        foreach (var path in new[] { "/api/orgs/globex/overview", "/api/orgs/globex/servers/web/site", "/api/orgs/globex/servers/web/site/status", "/api/orgs/globex/secrets", "/api/orgs/globex/plan", "/api/orgs/globex/audit" })
        {
            var answer = await context.APIRequest.GetAsync(ui.Url(path));
            Assert.True(answer.Status == 404, $"{path} answered {answer.Status}");
            Assert.Equal("{\"error\":\"no org globex\"}", await answer.TextAsync());
        }

        var list = await context.APIRequest.GetAsync(ui.Url("/api/orgs"));
        Assert.Equal(["acme", "alice", "newco"], Regex.Matches(await list.TextAsync(), "\"org\":\"([^\"]+)\"").Select(m => m.Groups[1].Value));

        // A form of her own org, posted (with her valid token) to the other org's secrets page: 404, nothing stored there.
        var before = await SecretsAsync("globex");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
        await page.EvalOnSelectorAsync(SetSecretForm, "f => f.setAttribute('action', '/orgs/globex/secrets')");
        await page.FillAsync("#secret-name", "planted");
        await page.FillAsync("#secret-value", "planted-value");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"{SetSecretForm} button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(404, response.Status);
        Assert.Equal(before, await SecretsAsync("globex"));
    }

    [Fact]
    public async Task AnotherOrgsForm_PostedToThePathInAnotherCase_Is404_AndChangesNothing()
    {
        // Routes match whatever the case of "orgs": a post there is still a post to the other org's page.
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "alice");
        var before = await SecretsAsync("globex");
        foreach (var action in new[] { "/ORGS/globex/secrets", "/Orgs/globex/secrets" })
        {
            await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
            await page.EvalOnSelectorAsync(SetSecretForm, $"f => f.setAttribute('action', '{action}')");
            await page.FillAsync("#secret-name", "planted");
            await page.FillAsync("#secret-value", "planted-value");
            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"{SetSecretForm} button[type=submit]"), r => r.Request.Method == "POST");
            Assert.True(response.Status == 404, $"{action} answered {response.Status}");
            await page.WaitForLoadStateAsync(LoadState.Load);
            Assert.Equal("Not found", await page.Locator("h1").InnerTextAsync());
        }

        Assert.Equal(before, await SecretsAsync("globex"));
    }

    [Fact]
    public async Task AnotherOrg_ThroughCaseEncodingOrDotSegments_InPagesAndJson_Is404()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "alice");
        foreach (var path in new[]
        {
            "/orgs/GLOBEX/secrets", "/orgs/Globex/servers/web/site", "/orgs/globex%2e/plan", "/orgs/acme%2F..%2Fglobex/secrets",
            "/orgs/acme/servers/..%2Fglobex/site", "/orgs/acme/builder?server=..%2F..%2Fglobex%2Fweb%2Fsite", "/orgs/acme/builder?server=web/site",
        })
        {
            await PageChecks.OpenAsync(page, ui.Url(path), 404);
            Assert.DoesNotContain("globex-token", await page.ContentAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[]
        {
            "/api/orgs/GLOBEX/overview", "/api/orgs/Globex/secrets", "/api/orgs/globex%2e/plan", "/api/orgs/acme%2F..%2Fglobex/overview",
            "/api/orgs/acme/servers/..%2Fglobex/site", "/api/orgs/acme/servers/web/site", "/api/orgs/acme/servers/web/site/status",
            "/API/ORGS/globex/audit", "/api/orgs/globex/servers/web/site/status",
        })
        {
            var answer = await context.APIRequest.GetAsync(ui.Url(path));
            Assert.True(answer.Status == 404, $"{path} answered {answer.Status}");
            Assert.DoesNotContain("globex-token", await answer.TextAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Member_PostingTheBuildersPullRequestAction_Is403_AndOpensNothing()
    {
        // Only admins open pull requests (README): the button is not rendered for a member, and a post made by hand is refused.
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/builder"));
        Assert.Equal(0, await page.Locator("#open-pull-request").CountAsync());
        await page.FillAsync("#b-name", "by-bob");
        await page.CheckAsync("#b-tool-fetch");
        await page.FillAsync("#b-fetch-with-allowedHosts", "docs.example.com");
        await page.FillAsync("#b-repo", "acme/tools");
        await page.EvalOnSelectorAsync("button[name=action][value=validate]", "b => b.value = 'pull-request'");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[name=action]"), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.True(response.Status == 403, await page.Locator("main").InnerTextAsync());
        Assert.Contains("your role in this org can read it but not change it", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await AuditCountsAsync()).Keys, k => k.Actor == "ui:bob" && k.Action == "pull-request.open");
    }

    [Fact]
    public async Task Cookies_AreHttpOnlyAndSameSite_OnLoopback_AndSecureBeyondIt()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
        var cookies = (await context.CookiesAsync()).ToDictionary(c => c.Name);
        var session = cookies["mcpsaas.session"];
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.False(session.Secure); // http://127.0.0.1: this machine
        var antiforgery = cookies["mcpsaas.antiforgery"];
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, antiforgery.SameSite);

        // The same sign-in addressed to a public host name: every cookie is Secure (and still HttpOnly, SameSite).
        var flags = await SignInByHandAsync("mcpsaas.example.com", "bob");
        Assert.Matches("^\\.mcpsaas\\.correlation\\..*; secure; samesite=lax; httponly$", flags["correlation"]);
        Assert.Matches("^mcpsaas\\.session=.*; secure; samesite=lax; httponly$", flags["session"]);
        Assert.Matches("^mcpsaas\\.antiforgery=.*; secure; samesite=strict; httponly$", flags["antiforgery"]);

        // A reverse proxy on this machine that passes Host: 127.0.0.1 on (nginx's default) but says it forwards a client:
        // the browser is beyond loopback, its cookies are Secure too.
        foreach (var header in new[] { ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("Forwarded", "for=203.0.113.7;proto=https"), ("X-Real-IP", "203.0.113.7") })
        {
            var proxied = await SignInByHandAsync(new Uri(ui.BaseUrl).Authority, "bob", header);
            Assert.Matches("^mcpsaas\\.session=.*; secure; samesite=lax; httponly$", proxied["session"]);
            Assert.Matches("^mcpsaas\\.antiforgery=.*; secure; samesite=strict; httponly$", proxied["antiforgery"]);
        }
    }

    /// <summary>
    /// The OAuth flow by hand with <c>Host: <paramref name="host"/></c>: sign-in, the fake GitHub's authorize form, the
    /// callback, a page with a form. Returns each cookie's Set-Cookie header (lowercased flags).
    /// </summary>
    private async Task<Dictionary<string, string>> SignInByHandAsync(string host, string login, (string Name, string Value)? forwarded = null)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        var flags = new Dictionary<string, string>();
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Host = host;
            if (forwarded is { } proxy)
            {
                request.Headers.Add(proxy.Name, proxy.Value);
            }
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header[..header.IndexOf(';', StringComparison.Ordinal)];
                cookies[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
                var lowered = Regex.Replace(header, "; (path|expires)=[^;]*", "", RegexOptions.IgnoreCase);
                flags[header.StartsWith(".mcpsaas.correlation.", StringComparison.Ordinal) ? "correlation" : pair[..pair.IndexOf('=', StringComparison.Ordinal)].Replace("mcpsaas.", "", StringComparison.Ordinal)] = lowered;
            }

            return response;
        }

        using var challenge = await SendAsync(new HttpRequestMessage(HttpMethod.Get, ui.Url("/signin?returnUrl=%2Forgs%2Facme%2Fsecrets")));
        Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(ui.GitHub.BaseUrl + "login/oauth/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal($"http://{host}/signin/github/callback", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);

        var form = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!);
        form["login"] = login;
        using var approved = await http.PostAsync(new Uri(ui.GitHub.BaseUrl, "login/oauth/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.Equal(host, callback.Authority);

        using var signedIn = await SendAsync(new HttpRequestMessage(HttpMethod.Get, ui.Url(callback.PathAndQuery)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var secrets = await SendAsync(new HttpRequestMessage(HttpMethod.Get, ui.Url("/orgs/acme/secrets")));
        Assert.Equal(HttpStatusCode.OK, secrets.StatusCode);
        return flags;
    }

    [Fact]
    public async Task SignIn_ReturnUrlWithATab_NeverRedirectsToAnotherHost_NorLinksThere()
    {
        // "/<TAB>/evil.example" is "//evil.example" to a browser (it drops tabs from URLs): another host.
        const string evil = "/\t/evil.example/phish";
        var hank = ui.GitHub.AddUser("hank", 1010);
        ui.GitHub.Grant(hank, ui.GitHub.Installation(101)!);
        ui.GitHub.SetMembership(hank, "acme", "member");

        // The first sign-in goes to the welcome page, whose "Continue" leads to the return URL.
        var (first, cookies) = await HandSignInAsync("hank", evil);
        Assert.Equal("/welcome?next=%2F", first);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var welcome = new HttpRequestMessage(HttpMethod.Get, ui.Url($"/welcome?next={Uri.EscapeDataString(evil)}"));
        welcome.Headers.Add("Cookie", cookies);
        var html = await (await http.SendAsync(welcome)).Content.ReadAsStringAsync();
        Assert.Matches("<a class=\"button\" href=\"/orgs\" id=\"continue\">", html);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);

        // Every later sign-in returns to it directly: to this site's root instead.
        var (again, signedIn) = await HandSignInAsync("hank", evil);
        Assert.Equal("/", again);

        // Already signed in, /signin sends the browser on at once: there too.
        using var direct = new HttpRequestMessage(HttpMethod.Get, ui.Url($"/signin?returnUrl={Uri.EscapeDataString(evil)}"));
        direct.Headers.Add("Cookie", signedIn);
        using var answer = await http.SendAsync(direct);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task LoginCsrf_ACallbackStartedInAnotherBrowser_SignsNobodyIn()
    {
        // Mallory starts a sign-in and approves it as herself, then makes Bob's browser open her callback URL: without the
        // correlation cookie of the browser that started it (and its PKCE verifier), nobody is signed in there.
        ui.GitHub.AddUser("mallory", 1011);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var challenge = await http.GetAsync(ui.Url("/signin?returnUrl=%2Forgs"));
        var query = System.Web.HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        var form = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!);
        form["login"] = "mallory";
        using var approved = await http.PostAsync(new Uri(ui.GitHub.BaseUrl, "login/oauth/authorize"), new FormUrlEncodedContent(form));
        var callback = approved.Headers.Location!.PathAndQuery;
        var tokens = ui.GitHub.IssuedUserTokens.Count;

        using var bobs = await http.GetAsync(ui.Url(callback)); // Bob's browser: no correlation cookie
        Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        Assert.Equal("/?signin=failed", bobs.Headers.Location?.OriginalString);
        Assert.DoesNotContain(bobs.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("mcpsaas.session=", StringComparison.Ordinal) && !c.StartsWith("mcpsaas.session=;", StringComparison.Ordinal));
        Assert.Equal(tokens, ui.GitHub.IssuedUserTokens.Count); // the code was never even exchanged
    }

    /// <summary>
    /// The OAuth flow by hand on 127.0.0.1, from <c>/signin?returnUrl=<paramref name="returnUrl"/></c>: returns where the
    /// callback sends the browser (its <c>Location</c>, as sent) and the cookies to send on as signed in.
    /// </summary>
    private async Task<(string Location, string Cookies)> HandSignInAsync(string login, string returnUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> SendAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header[..header.IndexOf(';', StringComparison.Ordinal)];
                cookies[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }

            return response;
        }

        using var challenge = await SendAsync(ui.Url($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        var form = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!);
        form["login"] = login;
        using var approved = await http.PostAsync(new Uri(ui.GitHub.BaseUrl, "login/oauth/authorize"), new FormUrlEncodedContent(form));
        using var callback = await SendAsync(ui.Url(approved.Headers.Location!.PathAndQuery));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var location = callback.Headers.TryGetValues("Location", out var raw) ? raw.Single() : "";
        return (location, string.Join("; ", cookies.Where(c => c.Value.Length > 0).Select(c => $"{c.Key}={c.Value}")));
    }

    [Fact]
    public async Task FormPost_WithoutTheAntiforgeryToken_Is400_AndChangesNothing()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "alice");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
        var before = await SecretsAsync("acme");
        await page.EvalOnSelectorAsync(SetSecretForm, "f => f.querySelector('input[name=__RequestVerificationToken]').remove()");
        await page.FillAsync("#secret-name", "no-token");
        await page.FillAsync("#secret-value", "no-token-value");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"{SetSecretForm} button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(before, await SecretsAsync("acme"));

        // Signing out is a form too.
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"));
        await page.EvalOnSelectorAsync("form.sign-out", "f => f.querySelector('input[name=__RequestVerificationToken]').remove()");
        var signOut = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.sign-out button"), r => r.Request.Method == "POST");
        Assert.Equal(400, signOut.Status);
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "mcpsaas.session");
    }

    [Fact]
    public async Task Member_ReadsButCannotSetASecret_AnAdminCan_EachChangeAuditedOnceAsTheirs()
    {
        await using (var bobs = await browser.NewContextAsync())
        {
            var page = await SignInAsync(bobs, "bob");
            await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/secrets"));
            Assert.Contains("seeded-token", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#secret-value").CountAsync());
            Assert.Contains("Org admins set, replace and delete secrets.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await PageChecks.AssertAccessibleAsync(page, "secrets as a member");
            await PageChecks.ScreenshotAsync(page, "signin-secrets-member");

            // Posted anyway (the form's own token, fields added by hand): refused, nothing stored.
            var before = await SecretsAsync("acme");
            await page.EvalOnSelectorAsync(SetSecretForm, """
                f => {
                  for (const [n, v] of [['name', 'by-bob'], ['value', 'bob-value-1234']]) { const i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); }
                  const b = document.createElement('button'); b.type = 'submit'; b.id = 'forced'; b.textContent = 'Set'; f.appendChild(b);
                }
                """);
            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#forced"), r => r.Request.Method == "POST");
            Assert.Equal(403, response.Status);
            Assert.Contains("your role in this org can read it but not change it", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(before, await SecretsAsync("acme"));

            await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/audit"), 403);
            Assert.Equal(0, await page.Locator("table.audit").CountAsync());
            Assert.Equal(403, (await bobs.APIRequest.GetAsync(ui.Url("/api/orgs/acme/audit"))).Status);
            Assert.Equal(0, await page.Locator("nav.org-nav a", new() { HasText = "Audit log" }).CountAsync());
        }

        await using var alices = await browser.NewContextAsync();
        var admin = await SignInAsync(alices, "alice");
        var audit = await AuditCountsAsync();
        await PageChecks.OpenAsync(admin, ui.Url("/orgs/acme/secrets"));
        await admin.FillAsync("#secret-name", "by-alice");
        await admin.FillAsync("#secret-value", "alice-secret-value-9876");
        await admin.ClickAsync($"{SetSecretForm} button[type=submit]");
        Assert.Contains("Secret 'by-alice' set for the org acme (version", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(await ui.Store.ListSecretRowsAsync("acme", false, CancellationToken.None), s => s.Name == "by-alice");

        // Key create and revoke on the server page, secret delete on the secrets page.
        await PageChecks.OpenAsync(admin, ui.Url("/orgs/acme/servers/tools/reader"));
        await admin.FillAsync("#key-name", "alices-laptop");
        await admin.ClickAsync("form:has(#key-name) button[type=submit]");
        Assert.StartsWith("mcps_", await admin.Locator("#new-key").InnerTextAsync(), StringComparison.Ordinal);
        await admin.ClickAsync("tr[data-key=alices-laptop] button");
        Assert.Contains("Key 'alices-laptop' revoked", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.OpenAsync(admin, ui.Url("/orgs/acme/secrets"));
        await admin.ClickAsync("tr[data-secret=by-alice] button");
        Assert.DoesNotContain(await ui.Store.ListSecretRowsAsync("acme", false, CancellationToken.None), s => s.Name == "by-alice");

        var after = await AuditCountsAsync();
        foreach (var action in new[] { "secret.set", "key.create", "key.revoke", "secret.remove" })
        {
            Assert.True(after.GetValueOrDefault(("ui:alice", action)) == audit.GetValueOrDefault(("ui:alice", action)) + 1, $"{action}: {audit.GetValueOrDefault(("ui:alice", action))} -> {after.GetValueOrDefault(("ui:alice", action))}");
        }

        Assert.Equal(audit.GetValueOrDefault(("ui:alice", "user.sign-in")) + 0, after.GetValueOrDefault(("ui:alice", "user.sign-in")));
        Assert.DoesNotContain(after.Keys, k => k.Actor == "ui:bob" && k.Action != "user.sign-in");

        // The audit page and its JSON show them, newest first.
        await PageChecks.OpenAsync(admin, ui.Url("/orgs/acme/audit?since=1h"));
        var rows = await admin.Locator("table.audit tbody tr").AllInnerTextsAsync();
        Assert.Contains(rows, r => r.Contains("ui:alice", StringComparison.Ordinal) && r.Contains("secret.remove", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("ui:alice", StringComparison.Ordinal) && r.Contains("key.create", StringComparison.Ordinal) && r.Contains("acme/tools/reader", StringComparison.Ordinal));
        await PageChecks.AssertAccessibleAsync(admin, "audit");
        await PageChecks.ScreenshotAsync(admin, "signin-audit");
        var json = await (await alices.APIRequest.GetAsync(ui.Url("/api/orgs/acme/audit?limit=4"))).TextAsync();
        Assert.Matches("^\\{\"org\":\"acme\",\"since\":null,\"limit\":4,\"entries\":\\[\\{\"id\":\\d+,\"at\":\"[^\"]+\",\"actor\":\"ui:alice\",\"action\":\"secret.remove\"", json);
        await PageChecks.OpenAsync(admin, ui.Url("/orgs/acme/audit?since=yesterday"), 400);
        Assert.Contains("use a UTC date or time", await admin.Locator("#audit-since-error").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySignIn_IsAuditedOnce_AndRecordsTheUser()
    {
        var before = (await AuditCountsAsync()).GetValueOrDefault(("ui:gina", "user.sign-in"));
        await using (var context = await browser.NewContextAsync())
        {
            await SignInAsync(context, "gina");
        }

        await using (var again = await browser.NewContextAsync())
        {
            var page = await SignInAsync(again, "gina");
            Assert.DoesNotContain("/welcome", page.Url, StringComparison.Ordinal); // only the first sign-in is welcomed
        }

        Assert.Equal(before + 2, (await AuditCountsAsync()).GetValueOrDefault(("ui:gina", "user.sign-in")));
        var user = await ((McpSaas.Reconciler.Users.IUserStore)ui.Services.GetService(typeof(McpSaas.Reconciler.Users.IUserStore))!).GetUserAsync(1004, CancellationToken.None);
        Assert.Equal(("gina", before + 2), (user!.Login, user.SignIns));
    }

    [Fact]
    public async Task Onboarding_NoInstallation_OffersToInstallTheApp_AnOrgWithoutManifest_LeadsToGettingStarted()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "carol");
        Assert.Contains("/welcome", page.Url, StringComparison.Ordinal);
        Assert.Equal($"{ui.GitHub.BaseUrl}apps/{ui.GitHub.Options.AppSlug}/installations/new", await page.GetAttributeAsync("#install-app", "href"));
        await PageChecks.OpenAsync(page, ui.Url("/orgs"));
        Assert.Contains("Install the GitHub App", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "install the app");
        await PageChecks.ScreenshotAsync(page, "signin-install-the-app");

        await using var alices = await browser.NewContextAsync();
        var alice = await SignInAsync(alices, "alice");
        await PageChecks.OpenAsync(alice, ui.Url("/orgs"));
        await alice.ClickAsync("ul.org-list a:text-is('newco')");
        await alice.WaitForLoadStateAsync(LoadState.Load);
        Assert.EndsWith("/orgs/newco/getting-started", alice.Url, StringComparison.Ordinal);
        Assert.Equal("Getting started with newco", await alice.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndOrgPagesAskToSignIn()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"));
        await page.ClickAsync("form.sign-out button");
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(ui.Url("/"), page.Url);
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "mcpsaas.session");

        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme/servers/tools/reader"), 404);
        Assert.Equal("/signin?returnUrl=%2Forgs%2Facme%2Fservers%2Ftools%2Freader", await page.GetAttributeAsync("#sign-in-to-see", "href"));
        Assert.Equal(404, (await context.APIRequest.GetAsync(ui.Url("/api/orgs/acme/overview"))).Status);
    }

    [Fact]
    public async Task SignOut_RevokesTheGitHubToken_SoACopyOfTheSessionCookieNoLongerReadsAnything()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"));
        var copied = (await context.CookiesAsync()).Single(c => c.Name == "mcpsaas.session").Value;
        var before = ui.GitHub.IssuedUserTokens.Select(t => t.Token).ToHashSet();
        await page.ClickAsync("form.sign-out button");
        await page.WaitForLoadStateAsync(LoadState.Load);

        // Someone who copied the cookie before the sign-out (a shared computer, a proxy's log) replays it.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, ui.Url("/orgs/acme/secrets"));
        pageRequest.Headers.Add("Cookie", $"mcpsaas.session={copied}");
        using var pageAnswer = await http.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.Redirect, pageAnswer.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", pageAnswer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var apiRequest = new HttpRequestMessage(HttpMethod.Get, ui.Url("/api/orgs/acme/overview"));
        apiRequest.Headers.Add("Cookie", $"mcpsaas.session={copied}");
        using var apiAnswer = await http.SendAsync(apiRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, apiAnswer.StatusCode);
        var revoked = Assert.Single(before.Except(ui.GitHub.IssuedUserTokens.Select(t => t.Token)));
        Assert.DoesNotContain(ui.Logs.Lines, l => l.Contains(revoked, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GitHubRefusingTheToken_SendsBackToSignIn_GitHubDown_Answers503()
    {
        await using var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, "bob");
        ui.GitHub.UserApiDown = true;
        try
        {
            await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"), 503);
            Assert.Equal("Try again in a moment", await page.Locator("h1").InnerTextAsync());
            Assert.Equal(503, (await context.APIRequest.GetAsync(ui.Url("/api/orgs/acme/overview"))).Status);
        }
        finally
        {
            ui.GitHub.UserApiDown = false;
        }

        await PageChecks.OpenAsync(page, ui.Url("/orgs/acme"));
        ui.GitHub.RevokeAllUserTokens();
        await page.GotoAsync(ui.Url("/orgs/acme/plan"));
        await page.WaitForURLAsync(new Regex("/login/oauth/authorize"));
        Assert.Contains("redirect_uri", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "mcpsaas.session");
    }

    [Fact]
    public async Task SeededSecretsAndKeys_AppearInNoPage_Json_Log_OrRecordedRequest()
    {
        var seen = new System.Text.StringBuilder();
        foreach (var (login, org, server) in new[] { ("alice", "acme", "tools/reader"), ("gina", "globex", "web/site") })
        {
            await using var context = await browser.NewContextAsync();
            var page = await SignInAsync(context, login);
            foreach (var path in new[] { "", "/secrets", $"/servers/{server}", "/plan", "/builder", "/getting-started", "/catalog", "/audit" })
            {
                await PageChecks.OpenAsync(page, ui.Url($"/orgs/{org}{path}"));
                seen.Append(await page.ContentAsync());
            }

            foreach (var path in new[] { "/overview", "/secrets", $"/servers/{server}", "/plan", "/getting-started", "/audit" })
            {
                seen.Append(await (await context.APIRequest.GetAsync(ui.Url($"/api/orgs/{org}{path}"))).TextAsync());
            }

            seen.Append(string.Join("\n", (await context.CookiesAsync()).Select(c => c.Value)));
        }

        var logs = string.Join("\n", ui.Logs.Lines);
        var calls = string.Join("\n", ui.GitHub.Calls.Select(c => string.Join("\n", c.Path, c.Query, c.Body ?? "", string.Join("\n", c.Headers.Select(h => $"{h.Key}: {h.Value}")))));
        Assert.Contains("signed in to the status UI", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { SignedInUi.SeededSecretValue, SignedInUi.SeededGlobexSecretValue, ui.SeededKey })
        {
            Assert.DoesNotContain(secret, seen.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, calls, StringComparison.Ordinal);
        }

        // Nor does a person's GitHub token or the App's client secret ever reach a page or a log.
        Assert.NotEmpty(ui.GitHub.IssuedUserTokens);
        foreach (var token in ui.GitHub.IssuedUserTokens.Select(t => t.Token).Append(ui.GitHub.Options.ClientSecret))
        {
            Assert.DoesNotContain(token, seen.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        }
    }

    private async Task<string> SecretsAsync(string org) =>
        string.Join(",", (await ui.Store.ListSecretRowsAsync(org, true, CancellationToken.None)).Select(s => $"{s.Repo}/{s.Name}:{s.Version}:{s.IsDeleted}"));

    private async Task<Dictionary<(string Actor, string Action), int>> AuditCountsAsync() =>
        (await ui.Store.ListAuditAsync(null, 100_000, CancellationToken.None)).GroupBy(e => (e.Actor, e.Action)).ToDictionary(g => g.Key, g => g.Count());
}
