using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Checks <see cref="CloudflarePlatformOptions"/> before any call; messages name the key (as its environment variable) and the fix.</summary>
public sealed class CloudflarePlatformOptionsValidator : IValidateOptions<CloudflarePlatformOptions>
{
    public const string PublicBaseUrlVariable = "MCPSAAS_" + CloudflarePlatformOptions.PublicBaseUrlKey;

    public ValidateOptionsResult Validate(string? name, CloudflarePlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            errors.Add($"{PublicBaseUrlVariable} is not set: set it to the https URL where McpSaas's web host is reached from the internet (e.g. https://mcpsaas.example.com); Workers on Cloudflare report usage to <it>/api/usage");
        }
        else if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add($"{PublicBaseUrlVariable} '{options.PublicBaseUrl}' is not an https URL without query or credentials (http only on loopback, for tests): set it to where McpSaas's web host is reached from the internet, e.g. https://mcpsaas.example.com");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
