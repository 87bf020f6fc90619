namespace McpSaas.StatusUi.SignIn;

/// <summary>Names sign-in uses: its authentication schemes and its session cookie.</summary>
public static class SignInDefaults
{
    /// <summary>The cookie scheme that holds a signed-in session (who, and their GitHub user token, encrypted).</summary>
    public const string CookieScheme = "McpSaasSession";

    /// <summary>The OAuth scheme that talks to GitHub.</summary>
    public const string GitHubScheme = "GitHub";

    public const string CookieName = "mcpsaas.session";

    public const string SignInPath = "/signin";

    public const string SignOutPath = "/signout";

    public const string WelcomePath = "/welcome";
}
