using System.Globalization;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The Cloudflare target's configuration read from environment variables (what the CLI has: <c>MCPSAAS_Cloudflare__…</c>
/// and <c>MCPSAAS_PublicBaseUrl</c>), checked before any call: every problem at once, each naming its variable and the
/// fix (values that fail to parse, then <see cref="CloudflareOptionsValidator"/> and
/// <see cref="CloudflarePlatformOptionsValidator"/>). The token is never echoed.
/// </summary>
public sealed class CloudflareEnvironment
{
    private const string Prefix = "MCPSAAS_" + CloudflareOptions.SectionName + "__";

    private CloudflareEnvironment(CloudflareOptions api, CloudflarePlatformOptions platform, IReadOnlyList<string> problems)
    {
        Api = api;
        Platform = platform;
        Problems = problems;
    }

    public CloudflareOptions Api { get; }

    public CloudflarePlatformOptions Platform { get; }

    /// <summary>Empty when the configuration can be used.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static CloudflareEnvironment Read(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var problems = new List<string>();
        var api = new CloudflareOptions
        {
            AccountId = Text(variable, nameof(CloudflareOptions.AccountId)),
            ApiToken = Text(variable, nameof(CloudflareOptions.ApiToken)),
            ApiTokenFile = Text(variable, nameof(CloudflareOptions.ApiTokenFile)),
        };
        if (Text(variable, nameof(CloudflareOptions.ApiBaseUrl)) is { } baseUrl)
        {
            api.ApiBaseUrl = baseUrl;
        }

        api.RequestBudget = Number(variable, nameof(CloudflareOptions.RequestBudget), api.RequestBudget, problems);
        api.MaxAttempts = Number(variable, nameof(CloudflareOptions.MaxAttempts), api.MaxAttempts, problems);
        api.RequestBudgetWindow = Duration(variable, nameof(CloudflareOptions.RequestBudgetWindow), api.RequestBudgetWindow, problems);
        api.MaxBudgetWait = Duration(variable, nameof(CloudflareOptions.MaxBudgetWait), api.MaxBudgetWait, problems);
        api.RetryBaseDelay = Duration(variable, nameof(CloudflareOptions.RetryBaseDelay), api.RetryBaseDelay, problems);
        api.MaxRetryDelay = Duration(variable, nameof(CloudflareOptions.MaxRetryDelay), api.MaxRetryDelay, problems);
        api.RequestTimeout = Duration(variable, nameof(CloudflareOptions.RequestTimeout), api.RequestTimeout, problems);

        var platform = new CloudflarePlatformOptions { PublicBaseUrl = variable(CloudflarePlatformOptionsValidator.PublicBaseUrlVariable) is { Length: > 0 } url ? url.Trim() : null };

        var apiResult = new CloudflareOptionsValidator().Validate(null, api);
        if (apiResult.Failed)
        {
            problems.AddRange(apiResult.Failures);
        }

        var platformResult = new CloudflarePlatformOptionsValidator().Validate(null, platform);
        if (platformResult.Failed)
        {
            problems.AddRange(platformResult.Failures);
        }

        return new CloudflareEnvironment(api, platform, problems);
    }

    /// <summary>Copies the values read onto options a composition root binds (<c>AddCloudflarePlatform</c>).</summary>
    public void CopyTo(CloudflareOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.AccountId = Api.AccountId;
        target.ApiToken = Api.ApiToken;
        target.ApiTokenFile = Api.ApiTokenFile;
        target.ApiBaseUrl = Api.ApiBaseUrl;
        target.RequestBudget = Api.RequestBudget;
        target.RequestBudgetWindow = Api.RequestBudgetWindow;
        target.MaxBudgetWait = Api.MaxBudgetWait;
        target.MaxAttempts = Api.MaxAttempts;
        target.RetryBaseDelay = Api.RetryBaseDelay;
        target.MaxRetryDelay = Api.MaxRetryDelay;
        target.RequestTimeout = Api.RequestTimeout;
    }

    public void CopyTo(CloudflarePlatformOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.PublicBaseUrl = Platform.PublicBaseUrl;
    }

    private static string? Text(Func<string, string?> variable, string key) => variable(Prefix + key) is { Length: > 0 } value ? value : null;

    private static int Number(Func<string, string?> variable, string key, int fallback, List<string> problems)
    {
        if (Text(variable, key) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{Prefix}{key} '{text}' is not a whole number: set it to one (default {fallback.ToString(CultureInfo.InvariantCulture)}), or unset it");
        return fallback;
    }

    private static TimeSpan Duration(Func<string, string?> variable, string key, TimeSpan fallback, List<string> problems)
    {
        if (Text(variable, key) is not { } text)
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{Prefix}{key} '{text}' is not a duration: write it as hh:mm:ss (default {fallback.ToString("c", CultureInfo.InvariantCulture)}), or unset it");
        return fallback;
    }
}
