using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Composition;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.SignIn;

/// <summary>Sign-in to the status UI with GitHub: registration and the pipeline's part.</summary>
public static class SignInServiceCollectionExtensions
{
    /// <summary>
    /// Adds GitHub sign-in: options from the <c>SignIn</c> section (validated at start, naming the key and the fix), a
    /// cookie session (<c>HttpOnly</c>, <c>SameSite=Lax</c> — the OAuth callback is a navigation from GitHub —, <c>Secure</c>
    /// beyond loopback, for <see cref="SignInOptions.SessionLifetime"/>), ASP.NET Core's OAuth handler with PKCE
    /// (<see cref="GitHubSignInHandler"/>), and <see cref="GitHubOrgAccess"/> as the UI's <see cref="IOrgAccess"/> in place
    /// of the loopback access. Needs the state store's <c>IUserStore</c>. The pipeline runs
    /// <see cref="UseMcpSaasSignIn"/> before antiforgery, and maps <see cref="SignInEndpoints.MapSignIn"/>.
    /// </summary>
    public static IServiceCollection AddMcpSaasSignIn(this IServiceCollection services, Action<SignInOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName);
        options.PostConfigure<IConfiguration>((signIn, configuration) => signIn.PublicBaseUrl ??= configuration["PublicBaseUrl"]);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<GitHubUserApi>(http => http.Timeout = TimeSpan.FromSeconds(20));
        services.TryAddSingleton<AccessCache>();
        services.TryAddScoped<GitHubOrgAccess>();
        services.RemoveAll<IOrgAccess>();
        services.AddScoped<IOrgAccess>(provider => provider.GetRequiredService<GitHubOrgAccess>());
        services.RemoveAll<UiSignIn>();
        services.AddSingleton(provider =>
        {
            var signIn = provider.GetRequiredService<IOptions<SignInOptions>>().Value;
            return new UiSignIn { Enabled = true, InstallUrl = signIn.InstallUrl, AppUrl = $"{signIn.WebBaseUrl.TrimEnd('/')}/apps/{Uri.EscapeDataString(signIn.AppSlug ?? "")}" };
        });

        services.AddAuthentication(authentication =>
            {
                authentication.DefaultScheme = SignInDefaults.CookieScheme;
                authentication.DefaultSignInScheme = SignInDefaults.CookieScheme;
                authentication.DefaultChallengeScheme = SignInDefaults.GitHubScheme;
            })
            .AddCookie(SignInDefaults.CookieScheme)
            .AddOAuth<OAuthOptions, GitHubSignInHandler>(SignInDefaults.GitHubScheme, "GitHub", _ => { });

        services.AddOptions<CookieAuthenticationOptions>(SignInDefaults.CookieScheme).Configure<IOptions<SignInOptions>>((cookie, signIn) =>
        {
            cookie.Cookie = new UiCookieBuilder(SignInDefaults.CookieName, SameSiteMode.Lax);
            cookie.ExpireTimeSpan = signIn.Value.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = SignInDefaults.SignInPath;
            cookie.ReturnUrlParameter = "returnUrl";
        });
        services.AddOptions<OAuthOptions>(SignInDefaults.GitHubScheme).Configure<IOptions<SignInOptions>>((oauth, signIn) =>
        {
            var value = signIn.Value;
            oauth.ClientId = value.ClientId?.Trim() ?? "";
            oauth.ClientSecret = value.ClientSecret?.Trim() ?? "";
            oauth.AuthorizationEndpoint = value.EffectiveAuthorizationEndpoint;
            oauth.TokenEndpoint = value.EffectiveTokenEndpoint;
            oauth.UserInformationEndpoint = $"{value.ApiBaseUrl.TrimEnd('/')}/user";
            oauth.CallbackPath = SignInOptions.CallbackPath;
            oauth.UsePkce = true;
            oauth.SaveTokens = false; // the handler keeps the access token alone
            oauth.BackchannelTimeout = TimeSpan.FromSeconds(20);
            oauth.CorrelationCookie = new UiCookieBuilder(".mcpsaas.correlation.", SameSiteMode.Lax);
            oauth.Events.OnRemoteFailure = failure =>
            {
                var denied = failure.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true
                    || failure.Request.Query["error"] == "access_denied";
                failure.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitHubSignInHandler))
                    .LogSignInFailed(denied ? "denied on GitHub" : failure.Failure?.Message ?? "unknown");
                failure.Response.Redirect(denied ? "/?signin=denied" : "/?signin=failed");
                failure.HandleResponse();
                return Task.CompletedTask;
            };
            oauth.Events.OnAccessDenied = denied =>
            {
                denied.Response.Redirect("/?signin=denied");
                denied.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// Whether <see cref="AddMcpSaasSignIn"/> registered sign-in in <paramref name="services"/>, asked without building
    /// anything: the options are validated at start (every problem at once, naming each key), not while the pipeline is
    /// put together.
    /// </summary>
    public static bool IsSignInAdded(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<IServiceProviderIsService>()?.IsService(typeof(AccessCache)) == true;
    }

    /// <summary>The sign-in's part of the pipeline, before <c>UseAntiforgery()</c>: failures of GitHub's answers, then authentication.</summary>
    public static IApplicationBuilder UseMcpSaasSignIn(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SignInFailures>();
        app.UseAuthentication();
        return app;
    }
}
