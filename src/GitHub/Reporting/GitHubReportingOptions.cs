namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Reporting to GitHub (check runs, commit statuses, the plan comment), bound from the <c>Reporting</c> section
/// (<c>MCPSAAS_Reporting__…</c>) and <c>PublicBaseUrl</c> (<c>MCPSAAS_PublicBaseUrl</c>); validated at start by
/// <see cref="GitHubReportingOptionsValidator"/>.
/// </summary>
public sealed class GitHubReportingOptions
{
    public const string SectionName = "Reporting";

    /// <summary>The root configuration key of the public base URL (architecture.md).</summary>
    public const string PublicBaseUrlKey = "PublicBaseUrl";

    /// <summary>Report runs of GitHub repositories to GitHub.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the status pages are reached from outside; commit statuses link to a server's page under it. Null: they link to the check run.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>More servers than this in one repository get one aggregate status (<c>mcpsaas</c>) instead of one per server.</summary>
    public int AggregateAbove { get; set; } = 20;

    /// <summary>How often the outbox is looked at for reports queued by other processes (reports queued here wake the poster at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay after a failure without a time from GitHub; doubled per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A report still not posted this long after it was queued is dropped (logged).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a report being posted is this process's (a crash frees it after that).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Content-creating requests (check runs, statuses, comments) per rolling minute; GitHub's secondary limit is 80.</summary>
    public int ContentRequestsPerMinute { get; set; } = 60;

    /// <summary>Content-creating requests per rolling hour; GitHub's secondary limit is 500.</summary>
    public int ContentRequestsPerHour { get; set; } = 450;

    /// <summary>How long the ids of check runs, comments and posted statuses are remembered after their last use.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
