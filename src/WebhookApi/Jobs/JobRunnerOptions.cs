namespace McpSaas.WebhookApi.Jobs;

/// <summary>The job runner, bound from the <c>Jobs</c> section (<c>MCPSAAS_Jobs__MaxConcurrency</c>, …).</summary>
public sealed class JobRunnerOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run queued jobs in this process (false: only record them, e.g. a webhook-only node).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs run at once, across repositories (one repository runs one job at a time regardless).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a claimed job is this process's; renewed every third of it while it runs. A crash frees the job after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often to look for work queued by other processes (work queued here wakes the runner at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay of a transient failure; doubled per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a transiently failing job is given up (state failed).</summary>
    public int MaxAttempts { get; set; } = 8;
}
