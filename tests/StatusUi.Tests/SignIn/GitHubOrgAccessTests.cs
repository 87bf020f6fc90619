using System.Globalization;
using System.Security.Claims;
using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.SignIn;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.StatusUi.Tests.SignIn;

/// <summary>
/// <see cref="GitHubOrgAccess"/> over real cookie sessions (ASP.NET Core's cookie handler) and the fake GitHub, with the
/// access cache on: what one session learnt from GitHub never vouches for another session of the same person, whose
/// token may have been revoked (a copy of a signed-out session's cookie).
/// </summary>
public sealed class GitHubOrgAccessTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero));
    private FakeGitHub _github = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(SignInDefaults.CookieScheme).AddCookie(SignInDefaults.CookieScheme);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _github.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task ASessionWhoseTokenWasRevoked_IsRefused_WhileAnotherSessionOfThePersonIsCached()
    {
        var bob = _github.AddUser("bob", 1002);
        var acme = _github.AddInstallation(101, "acme", 5001);
        _github.Grant(bob, acme);
        _github.SetMembership(bob, "acme", "member");
        var options = Options.Create(new SignInOptions { ApiBaseUrl = _github.ApiBaseUrl.ToString(), AccessCacheDuration = TimeSpan.FromMinutes(1) });
        var api = new GitHubUserApi(_http, options);
        var cache = new AccessCache(options, _clock);
        var copied = await SessionCookieAsync(1002, "bob", _github.IssueUserToken(bob).Token);

        // The copied session's token is revoked (it was signed out); the person goes on in another session.
        _github.RevokeAllUserTokens();
        var current = await SessionCookieAsync(1002, "bob", _github.IssueUserToken(bob).Token);
        Assert.Equal(OrgRole.Member, await new GitHubOrgAccess(api, cache).GetRoleAsync(await RequestAsync(current), "acme", CancellationToken.None));

        var replayed = await RequestAsync(copied);
        var refused = await Assert.ThrowsAsync<GitHubAccessException>(async () => await new GitHubOrgAccess(api, cache).GetRoleAsync(replayed, "acme", CancellationToken.None));
        Assert.True(refused.SignInAgain);

        // The current session reads on (the refusal made the person's cache be asked again, nothing more).
        Assert.Equal(OrgRole.Member, await new GitHubOrgAccess(api, cache).GetRoleAsync(await RequestAsync(current), "acme", CancellationToken.None));
    }

    /// <summary>A session cookie as the cookie handler writes it at sign-in: the person's id and login, and their GitHub token.</summary>
    private Task<string> SessionCookieAsync(long id, string login, string token)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, login)], "GitHub");
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
        var cookie = _services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SignInDefaults.CookieScheme);
        var value = cookie.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SignInDefaults.CookieScheme));
        return Task.FromResult($"{cookie.Cookie.Name}={value}");
    }

    /// <summary>A request carrying <paramref name="cookie"/>, authenticated as the pipeline does it.</summary>
    private async Task<HttpContext> RequestAsync(string cookie)
    {
        var context = new DefaultHttpContext { RequestServices = _services.CreateScope().ServiceProvider }; // a scope per request, as the host has
        context.Request.Headers.Cookie = cookie;
        var result = await context.AuthenticateAsync(SignInDefaults.CookieScheme);
        Assert.True(result.Succeeded, $"{result.Failure?.Message} [{cookie}]");
        context.User = result.Principal!;
        return context;
    }
}
