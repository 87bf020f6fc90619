using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Installations;

/// <summary>Checks the <c>Installations</c> section at start; each message names the key and the fix.</summary>
internal sealed class InstallationLifecycleOptionsValidator : IValidateOptions<InstallationLifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, InstallationLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.UninstallGrace < TimeSpan.Zero)
        {
            errors.Add($"Installations:UninstallGrace (MCPSAAS_Installations__UninstallGrace) is {options.UninstallGrace}: use a duration of 0 or more, e.g. 7.00:00:00");
        }

        if (options.SweepInterval < TimeSpan.FromSeconds(1) || options.SweepInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"Installations:SweepInterval (MCPSAAS_Installations__SweepInterval) is {options.SweepInterval}: use between 00:00:01 and 1.00:00:00");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
