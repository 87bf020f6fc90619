using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using McpSaas.Reconciler.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// ASP.NET Core's OAuth handler (authorization code with PKCE) against GitHub, with what McpSaas adds: the callback under
/// <see cref="SignInOptions.PublicBaseUrl"/> when one is configured (a proxy in front), <c>GET /user</c> for the person's
/// id, login and email, their user record and the audit entry of the sign-in (<see cref="IUserStore"/>), only the access
/// token kept in the session (no refresh token), and a first sign-in sent to the welcome page.
/// </summary>
public sealed partial class GitHubSignInHandler(
    IOptionsMonitor<OAuthOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GitHubUserApi api,
    IUserStore users,
    IOptions<SignInOptions> signIn) : OAuthHandler<OAuthOptions>(options, logger, encoder)
{
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        base.BuildChallengeUrl(properties, PublicRedirectUri() ?? redirectUri);

    protected override Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PublicRedirectUri() is { } redirect
            ? base.ExchangeCodeAsync(new OAuthCodeExchangeContext(context.Properties, context.Code, redirect))
            : base.ExchangeCodeAsync(context);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(tokens);
        var token = tokens.AccessToken ?? throw new AuthenticationFailureException("GitHub gave no access token");
        GitHubUser user;
        try
        {
            user = await api.GetUserAsync(token, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (GitHubAccessException e)
        {
            throw new AuthenticationFailureException($"GitHub did not say who signed in: {e.Message}", e);
        }

        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64, ClaimsIssuer));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Login, ClaimValueTypes.String, ClaimsIssuer));
        if (user.Email is { } email)
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, email, ClaimValueTypes.String, ClaimsIssuer));
        }

        // Only the access token goes into the (encrypted) session cookie: it is what reads the person's installations.
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
        var record = await users.RecordSignInAsync(user, Context.RequestAborted).ConfigureAwait(false);
        Log.SignedIn(Logger, user.Login, user.Id, record.IsFirstSignIn);
        if (record.IsFirstSignIn)
        {
            var next = properties.RedirectUri is { Length: > 0 } target && SignInEndpoints.IsLocal(target) ? target : "/";
            properties.RedirectUri = $"{SignInDefaults.WelcomePath}?next={Uri.EscapeDataString(next)}";
        }

        return await base.CreateTicketAsync(identity, properties, tokens).ConfigureAwait(false);
    }

    private string? PublicRedirectUri() =>
        signIn.Value.PublicBaseUrl is { Length: > 0 } root ? root.TrimEnd('/') + Options.CallbackPath : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "{Login} (GitHub user {UserId}) signed in to the status UI (first sign-in: {First})")]
        public static partial void SignedIn(ILogger logger, string login, long userId, bool first);
    }
}
