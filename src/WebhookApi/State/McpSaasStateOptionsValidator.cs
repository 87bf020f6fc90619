using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Usage;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.State;

/// <summary>Checks <see cref="McpSaasStateOptions"/> at start; every message names the setting and the fix, and all problems are reported at once.</summary>
public sealed class McpSaasStateOptionsValidator : IValidateOptions<McpSaasStateOptions>
{
    public const int MaxBatchBytesCeiling = 16 * 1024 * 1024;

    public const int MaxBatchEventsCeiling = 100_000;

    /// <summary>
    /// Raw events must outlive the accepted window: the current and previous month (at most 62 days back) plus the
    /// clock skew allowed on an event's time, or a redelivered event would count twice.
    /// </summary>
    public static readonly TimeSpan MinUsageEventRetention = TimeSpan.FromDays(62) + new UsageIngestOptions().MaxClockSkew;

    public ValidateOptionsResult Validate(string? name, McpSaasStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string section = McpSaasStateOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{section}:DataDirectory is empty: set it to a writable folder, e.g. MCPSAAS_State__DataDirectory=.mcpsaas (the CLI's --data)");
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(100) || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{section}:BusyTimeout is {options.BusyTimeout}: set it between 00:00:00.1 and 00:05:00, e.g. {section}:BusyTimeout=00:00:15");
        }

        if (options.MaxUsageBatchBytes < 1024 || options.MaxUsageBatchBytes > MaxBatchBytesCeiling)
        {
            errors.Add($"{section}:MaxUsageBatchBytes is {options.MaxUsageBatchBytes}: set it between 1024 and {MaxBatchBytesCeiling} (default 524288)");
        }

        if (options.MaxUsageBatchEvents < 1 || options.MaxUsageBatchEvents > MaxBatchEventsCeiling)
        {
            errors.Add($"{section}:MaxUsageBatchEvents is {options.MaxUsageBatchEvents}: set it between 1 and {MaxBatchEventsCeiling} (default 1000)");
        }

        if (options.UsageEventRetention < MinUsageEventRetention)
        {
            errors.Add($"{section}:UsageEventRetention is {options.UsageEventRetention}: set it to at least {MinUsageEventRetention} (usage events of the previous month are still accepted and must still be recognised when redelivered), e.g. {section}:UsageEventRetention=63.00:00:00 (the default)");
        }

        if (options.UsagePruneInterval < TimeSpan.FromMinutes(1) || options.UsagePruneInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{section}:UsagePruneInterval is {options.UsagePruneInterval}: set it between 00:01:00 and 1.00:00:00, e.g. {section}:UsagePruneInterval=01:00:00 (the default)");
        }

        if (!string.IsNullOrWhiteSpace(options.SecretsKey)
            && (!Convert.TryFromBase64String(options.SecretsKey.Trim(), new byte[64], out var length) || length != SecretsKey.Length))
        {
            errors.Add($"{SecretsKeySource.EnvironmentVariable} ({section}:SecretsKey) is not the base64 of {SecretsKey.Length} bytes: generate one with `openssl rand -base64 32`, or unset it to use the local key file");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
