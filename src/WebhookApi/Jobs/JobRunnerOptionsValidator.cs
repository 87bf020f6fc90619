using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Jobs;

/// <summary>Checks <see cref="JobRunnerOptions"/> at start; each message names the key and the fix.</summary>
public sealed class JobRunnerOptionsValidator : IValidateOptions<JobRunnerOptions>
{
    public ValidateOptionsResult Validate(string? name, JobRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"Jobs:MaxConcurrency is {options.MaxConcurrency}: set MCPSAAS_Jobs__MaxConcurrency between 1 and 64 (default 4)");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(10) || options.LeaseDuration > TimeSpan.FromHours(2))
        {
            errors.Add($"Jobs:LeaseDuration is {options.LeaseDuration}: set MCPSAAS_Jobs__LeaseDuration between 00:00:10 and 02:00:00 (default 00:05:00)");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Jobs:PollInterval is {options.PollInterval}: set MCPSAAS_Jobs__PollInterval between 00:00:00.05 and 00:05:00 (default 00:00:02)");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"Jobs:RetryBaseDelay ({options.RetryBaseDelay}) must be positive and at most Jobs:RetryMaxDelay ({options.RetryMaxDelay}): e.g. MCPSAAS_Jobs__RetryBaseDelay=00:00:15, MCPSAAS_Jobs__RetryMaxDelay=00:30:00");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"Jobs:MaxAttempts is {options.MaxAttempts}: set MCPSAAS_Jobs__MaxAttempts between 1 and 100 (default 8)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
