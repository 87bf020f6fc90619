using Microsoft.Extensions.Options;

namespace McpSaas.GitHub.Reporting;

/// <summary>Checks <see cref="GitHubReportingOptions"/> at start; each message names the key and the fix.</summary>
public sealed class GitHubReportingOptionsValidator : IValidateOptions<GitHubReportingOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.PublicBaseUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Query.Length > 0))
        {
            errors.Add($"PublicBaseUrl '{url}' is not an http(s) URL without a query: set MCPSAAS_PublicBaseUrl to where McpSaas is reached from outside, e.g. https://mcpsaas.example.com");
        }

        if (options.AggregateAbove is < 1 or > 1000)
        {
            errors.Add($"Reporting:AggregateAbove is {options.AggregateAbove}: set MCPSAAS_Reporting__AggregateAbove between 1 and 1000 (default 20)");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Reporting:PollInterval is {options.PollInterval}: set MCPSAAS_Reporting__PollInterval between 00:00:00.05 and 00:05:00 (default 00:00:05)");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"Reporting:RetryBaseDelay ({options.RetryBaseDelay}) must be positive and at most Reporting:RetryMaxDelay ({options.RetryMaxDelay}): e.g. MCPSAAS_Reporting__RetryBaseDelay=00:00:05, MCPSAAS_Reporting__RetryMaxDelay=00:10:00");
        }

        if (options.GiveUpAfter < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Reporting:GiveUpAfter is {options.GiveUpAfter}: set MCPSAAS_Reporting__GiveUpAfter to at least 00:01:00 (default 1.00:00:00)");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(10) || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"Reporting:LeaseDuration is {options.LeaseDuration}: set MCPSAAS_Reporting__LeaseDuration between 00:00:10 and 01:00:00 (default 00:05:00)");
        }

        if (options.ContentRequestsPerMinute is < 1 or > 80)
        {
            errors.Add($"Reporting:ContentRequestsPerMinute is {options.ContentRequestsPerMinute}: set MCPSAAS_Reporting__ContentRequestsPerMinute between 1 and 80 (GitHub's limit; default 60)");
        }

        if (options.ContentRequestsPerHour is < 1 or > 500)
        {
            errors.Add($"Reporting:ContentRequestsPerHour is {options.ContentRequestsPerHour}: set MCPSAAS_Reporting__ContentRequestsPerHour between 1 and 500 (GitHub's limit; default 450)");
        }

        if (options.Retention < TimeSpan.FromDays(1))
        {
            errors.Add($"Reporting:Retention is {options.Retention}: set MCPSAAS_Reporting__Retention to at least 1.00:00:00 (default 30.00:00:00)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
