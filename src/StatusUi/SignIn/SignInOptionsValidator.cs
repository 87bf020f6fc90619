using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.SignIn;

/// <summary>Checks <see cref="SignInOptions"/> at start: every problem at once, each naming the key and the fix; the client secret is never echoed.</summary>
public sealed partial class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    private const string Env = "MCPSAAS_SignIn__";

    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"SignIn:ClientId is empty: set {Env}ClientId to the GitHub App's client id (App settings → Client ID)");
        }
        else if (!ClientIdPattern().IsMatch(options.ClientId.Trim()))
        {
            errors.Add($"SignIn:ClientId '{options.ClientId}' is not a client id: copy it from the App's settings (Client ID, e.g. Iv23li…)");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            errors.Add($"SignIn:ClientSecret is empty: set {Env}ClientSecret to a client secret of the App (App settings → Generate a new client secret)");
        }

        if (string.IsNullOrWhiteSpace(options.AppSlug))
        {
            errors.Add($"SignIn:AppSlug is empty: set {Env}AppSlug to the App's URL name (https://github.com/apps/<slug>), for the \"Install the GitHub App\" link");
        }
        else if (!SlugPattern().IsMatch(options.AppSlug.Trim()))
        {
            errors.Add($"SignIn:AppSlug '{options.AppSlug}' is not an App slug: use the lowercase name in https://github.com/apps/<slug>");
        }

        CheckUrl(options.WebBaseUrl, "WebBaseUrl", "https://github.com, or https://HOST for GitHub Enterprise Server", errors);
        CheckUrl(options.ApiBaseUrl, "ApiBaseUrl", "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server", errors);
        CheckUrl(options.EffectiveAuthorizationEndpoint, "AuthorizationEndpoint", "https://github.com/login/oauth/authorize (or leave it unset)", errors);
        CheckUrl(options.EffectiveTokenEndpoint, "TokenEndpoint", "https://github.com/login/oauth/access_token (or leave it unset)", errors);
        if (options.AccessCacheDuration < TimeSpan.Zero || options.AccessCacheDuration > TimeSpan.FromMinutes(10))
        {
            errors.Add($"SignIn:AccessCacheDuration is {options.AccessCacheDuration}: use 00:00:00 to 00:10:00 (what GitHub says a person may reach is asked again after it; default 00:01:00)");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"SignIn:SessionLifetime is {options.SessionLifetime}: use 00:05:00 to 1.00:00:00 (default 08:00:00, GitHub's user token lifetime)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>https, or http to a loopback host only (a fake GitHub in tests): tokens and the client secret travel there.</summary>
    private static void CheckUrl(string? value, string key, string example, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri.Host))))
        {
            // Credentials in the URL are never echoed back (a log or a terminal would keep them).
            var shown = uri is { UserInfo.Length: > 0 } ? new UriBuilder(uri) { UserName = "***", Password = "" }.Uri.ToString() : value;
            errors.Add($"SignIn:{key} '{shown}' is not an https URL without credentials (http only on loopback): set {Env}{key} to {example}");
        }
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
