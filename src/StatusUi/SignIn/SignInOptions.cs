using Microsoft.Extensions.Configuration;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// Sign-in to the status UI with GitHub (the McpSaas GitHub App's OAuth web flow), bound from the <c>SignIn</c>
/// configuration section (environment: <c>MCPSAAS_SignIn__ClientId</c>, …) and validated at start by
/// <see cref="SignInOptionsValidator"/>. Off until one key is set; then it must be complete.
/// </summary>
public sealed class SignInOptions
{
    public const string SectionName = "SignIn";

    /// <summary>Where GitHub sends people back after they authorize (register <c>&lt;public URL&gt;/signin/github/callback</c> as the App's callback URL).</summary>
    public const string CallbackPath = "/signin/github/callback";

    /// <summary>The App's client id (App settings → Client ID, <c>Iv23…</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>A client secret of the App (App settings → Generate a new client secret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The App's slug (its URL name, <c>https://github.com/apps/&lt;slug&gt;</c>): the "Install the GitHub App" link.</summary>
    public string? AppSlug { get; set; }

    /// <summary>GitHub's web root: the install link and the default OAuth endpoints (GitHub Enterprise Server: <c>https://HOST</c>).</summary>
    public string WebBaseUrl { get; set; } = "https://github.com";

    /// <summary>The REST API root for <c>/user</c>, <c>/user/installations</c> and <c>/user/memberships/orgs/{org}</c> (GitHub Enterprise Server: <c>https://HOST/api/v3</c>).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.github.com";

    /// <summary>The OAuth authorize page; default <c>&lt;WebBaseUrl&gt;/login/oauth/authorize</c>.</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary>The OAuth token endpoint; default <c>&lt;WebBaseUrl&gt;/login/oauth/access_token</c>.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>
    /// Where people reach the status UI (the root key <c>PublicBaseUrl</c>, e.g. <c>https://mcpsaas.example.com</c>): the
    /// OAuth callback is <c>&lt;it&gt;/signin/github/callback</c>. Unset: the callback is built from each request's own
    /// scheme and host.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long what GitHub says a person may reach (their installations, their role in an org) is reused before it is asked again.</summary>
    public TimeSpan AccessCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a sign-in lasts (GitHub App user tokens last 8 hours; the session ends with them).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>True when any key of the section is set (sign-in is then required to be complete, and replaces the loopback access).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret) || !string.IsNullOrWhiteSpace(AppSlug);

    public string EffectiveAuthorizationEndpoint => string.IsNullOrWhiteSpace(AuthorizationEndpoint) ? $"{WebBaseUrl.TrimEnd('/')}/login/oauth/authorize" : AuthorizationEndpoint.Trim();

    public string EffectiveTokenEndpoint => string.IsNullOrWhiteSpace(TokenEndpoint) ? $"{WebBaseUrl.TrimEnd('/')}/login/oauth/access_token" : TokenEndpoint.Trim();

    /// <summary>Where a person installs the App on an account: <c>&lt;WebBaseUrl&gt;/apps/&lt;slug&gt;/installations/new</c>.</summary>
    public string InstallUrl => $"{WebBaseUrl.TrimEnd('/')}/apps/{Uri.EscapeDataString(AppSlug ?? "")}/installations/new";

    /// <summary>Whether <paramref name="configuration"/> turns sign-in on (any <c>SignIn:*</c> key that makes it configured).</summary>
    public static bool IsConfiguredIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return !string.IsNullOrWhiteSpace(section["ClientId"]) || !string.IsNullOrWhiteSpace(section["ClientSecret"]) || !string.IsNullOrWhiteSpace(section["AppSlug"]);
    }
}
