using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;

namespace McpSaas.WebhookApi.State;

/// <summary>
/// Options of the state store and usage ingest, bound from the <c>State</c> configuration section
/// (environment: <c>MCPSAAS_State__DataDirectory</c>, …) and validated at start by <see cref="McpSaasStateOptionsValidator"/>.
/// </summary>
public sealed class McpSaasStateOptions
{
    public const string SectionName = "State";

    /// <summary>The data folder: <c>state.db</c>, <c>secrets.key</c>. Default <c>.mcpsaas</c> in the current folder.</summary>
    public string DataDirectory { get; set; } = StatePaths.DefaultDataDirectory;

    /// <summary>How long a write waits for another process's lock on <c>state.db</c>.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The secrets key (base64 of 32 bytes); default from <c>MCPSAAS_SECRETS_KEY</c>, else the local key file.</summary>
    public string? SecretsKey { get; set; }

    /// <summary>Largest usage batch body, in bytes (413 above).</summary>
    public int MaxUsageBatchBytes { get; set; } = UsageIngestOptions.DefaultMaxBatchBytes;

    /// <summary>Most events in one usage batch (413 above).</summary>
    public int MaxUsageBatchEvents { get; set; } = UsageIngestOptions.DefaultMaxBatchEvents;

    /// <summary>
    /// How long raw usage events (the dedupe table) are kept after they were received; rollups are kept for ever.
    /// At least <see cref="McpSaasStateOptionsValidator.MinUsageEventRetention"/>: events dated in the previous month
    /// are still accepted, and a redelivery of one must find it to count once.
    /// </summary>
    public TimeSpan UsageEventRetention { get; set; } = TimeSpan.FromDays(63);

    /// <summary>How often old raw usage events are pruned.</summary>
    public TimeSpan UsagePruneInterval { get; set; } = TimeSpan.FromHours(1);
}
