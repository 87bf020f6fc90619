using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>Checks <see cref="SchedulingOptions"/> at start; each message names the key and the fix.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ReconcileInterval < TimeSpan.FromSeconds(1) || options.ReconcileInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"Scheduling:ReconcileInterval is {options.ReconcileInterval}: set MCPSAAS_Scheduling__ReconcileInterval between 00:00:01 and 1.00:00:00 (default 00:05:00)");
        }

        if (options.Jitter < TimeSpan.Zero || options.Jitter > options.ReconcileInterval)
        {
            errors.Add($"Scheduling:Jitter is {options.Jitter}: set MCPSAAS_Scheduling__Jitter between 00:00:00 and the reconcile interval ({options.ReconcileInterval})");
        }

        if (options.Retention < TimeSpan.FromDays(3))
        {
            errors.Add($"Scheduling:Retention is {options.Retention}: set MCPSAAS_Scheduling__Retention to at least 3.00:00:00 (GitHub redelivers for up to 3 days; default 7.00:00:00)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
