using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Checks <see cref="CloudflareOptions"/> before any call: every problem at once, each message naming the key (as the
/// environment variable that sets it) and the fix. Never echoes the token.
/// </summary>
public sealed partial class CloudflareOptionsValidator : IValidateOptions<CloudflareOptions>
{
    private const string Prefix = "MCPSAAS_" + CloudflareOptions.SectionName + "__";

    public const int MaxRequestBudget = 100_000;

    public ValidateOptionsResult Validate(string? name, CloudflareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.AccountId))
        {
            errors.Add($"{Prefix}AccountId is not set: set it to the Cloudflare account id (32 hex characters, shown on the dashboard's Workers & Pages overview)");
        }
        else if (!AccountIdPattern().IsMatch(options.AccountId))
        {
            errors.Add($"{Prefix}AccountId '{options.AccountId}' is not an account id: use the 32 hex characters shown on the dashboard's Workers & Pages overview");
        }

        var hasToken = !string.IsNullOrWhiteSpace(options.ApiToken);
        var hasFile = !string.IsNullOrWhiteSpace(options.ApiTokenFile);
        if (hasToken && hasFile)
        {
            errors.Add($"{Prefix}ApiToken and {Prefix}ApiTokenFile are both set: keep one (the file is safer: it stays out of the process environment)");
        }
        else if (!hasToken && !hasFile)
        {
            errors.Add($"{Prefix}ApiToken is not set: create an API token with the 'Workers Scripts Edit' permission on the account (My Profile → API Tokens) and set it, or put it in a file named by {Prefix}ApiTokenFile");
        }
        else if (hasToken && options.ApiToken!.Any(char.IsWhiteSpace))
        {
            errors.Add($"{Prefix}ApiToken contains whitespace: set the token alone, without 'Bearer ' or a line break");
        }
        else if (hasFile)
        {
            var problem = CloudflareApiToken.FileProblem(options.ApiTokenFile!);
            if (problem is not null)
            {
                errors.Add($"{Prefix}ApiTokenFile: {problem}");
            }
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            errors.Add($"{Prefix}ApiBaseUrl '{options.ApiBaseUrl}' is not an https URL (http only on loopback, for a fake API): unset it to use {CloudflareOptions.DefaultApiBaseUrl}");
        }

        if (options.RequestBudget < 1 || options.RequestBudget > MaxRequestBudget)
        {
            errors.Add($"{Prefix}RequestBudget is {options.RequestBudget}: set it between 1 and {MaxRequestBudget} (default 1200, Cloudflare's limit per 5 minutes; lower it when other tools share the token)");
        }

        if (options.RequestBudgetWindow < TimeSpan.FromSeconds(1) || options.RequestBudgetWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"{Prefix}RequestBudgetWindow is {options.RequestBudgetWindow}: set it between 00:00:01 and 01:00:00 (default 00:05:00)");
        }

        if (options.MaxBudgetWait < TimeSpan.Zero || options.MaxBudgetWait > TimeSpan.FromHours(1))
        {
            errors.Add($"{Prefix}MaxBudgetWait is {options.MaxBudgetWait}: set it between 00:00:00 (never wait: defer to the next reconcile) and 01:00:00");
        }

        if (options.MaxAttempts < 1 || options.MaxAttempts > 10)
        {
            errors.Add($"{Prefix}MaxAttempts is {options.MaxAttempts}: set it between 1 and 10 (default 3)");
        }

        if (options.RetryBaseDelay < TimeSpan.FromMilliseconds(1) || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Prefix}RetryBaseDelay is {options.RetryBaseDelay}: set it between 00:00:00.001 and 00:01:00 (default 00:00:01)");
        }

        if (options.MaxRetryDelay < options.RetryBaseDelay || options.MaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Prefix}MaxRetryDelay is {options.MaxRetryDelay}: set it between RetryBaseDelay ({options.RetryBaseDelay}) and 00:10:00 (default 00:00:30)");
        }

        if (options.RequestTimeout < TimeSpan.FromMilliseconds(100) || options.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Prefix}RequestTimeout is {options.RequestTimeout}: set it between 00:00:00.1 and 00:10:00 (default 00:01:00)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Validates and throws <see cref="OptionsValidationException"/> with every message (for callers without a host).</summary>
    public static void ThrowIfInvalid(CloudflareOptions options)
    {
        var result = new CloudflareOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(CloudflareOptions.SectionName, typeof(CloudflareOptions), result.Failures);
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex AccountIdPattern();
}
