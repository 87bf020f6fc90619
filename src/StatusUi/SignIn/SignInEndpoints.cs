using McpSaas.StatusUi.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// <c>GET /signin[?returnUrl=/orgs/…]</c> starts the GitHub sign-in (a local return URL only: never an open redirect);
/// <c>POST /signout</c> (a form with its antiforgery token) ends the session, forgets what was cached for the person and
/// revokes the session's GitHub token (a copy of the cookie then reads nothing).
/// </summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(SignInDefaults.SignInPath, (HttpContext context, string? returnUrl) =>
        {
            SecurityHeaders.Apply(context.Response);
            var target = returnUrl is { Length: > 0 } && IsLocal(returnUrl) ? returnUrl : "/";
            return GitHubOrgAccess.Who(context.User) is not null
                ? Results.LocalRedirect(target)
                : Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [SignInDefaults.GitHubScheme]);
        }).WithName("SignIn");

        endpoints.MapPost(SignInDefaults.SignOutPath, async (HttpContext context, AccessCache cache, GitHubUserApi api, ILoggerFactory logs) =>
        {
            SecurityHeaders.Apply(context.Response);
            var token = await context.GetTokenAsync(SignInDefaults.CookieScheme, "access_token");
            if (GitHubOrgAccess.Who(context.User) is { } who)
            {
                cache.Forget(who.Id);
                // The cookie cannot be taken back from wherever it was copied to; the token it carries can.
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                limit.CancelAfter(TimeSpan.FromSeconds(5));
                if (token is { Length: > 0 } && !await api.RevokeTokenAsync(token, limit.Token))
                {
                    logs.CreateLogger(typeof(SignInEndpoints)).LogTokenNotRevoked(who.Login);
                }
            }

            await context.SignOutAsync(SignInDefaults.CookieScheme);
            return Results.LocalRedirect("/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).WithName("SignOut");
        return endpoints;
    }

    /// <summary>
    /// A path of this site (<c>/…</c>, not <c>//host</c> or <c>/\host</c>): the only places a sign-in returns to. No control
    /// character anywhere: browsers drop tabs and line breaks from a URL, so <c>/&lt;TAB&gt;/host</c> would become <c>//host</c>.
    /// </summary>
    public static bool IsLocal(string url) =>
        url.StartsWith('/') && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
