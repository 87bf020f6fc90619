namespace McpSaas.WebhookApi.Scheduling;

/// <summary>The periodic reconcile, bound from the <c>Scheduling</c> section (<c>MCPSAAS_Scheduling__ReconcileInterval</c>, …).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>Run the scheduler in this process (false: only pushes and installation changes cause runs; no <c>scheduler.db</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every known repository is reconciled (drift restored) even without a push.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each repository's periodic run starts at a random point within this much after the tick, so they do not all start at once.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Finished jobs and webhook delivery ids older than this are deleted at each tick (each repository's latest job is kept).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Quartz's own SQLite file (its job store); default <c>&lt;data&gt;/scheduler.db</c>, apart from <c>state.db</c> so the two never wait on one writer lock.</summary>
    public string? DatabasePath { get; set; }
}
