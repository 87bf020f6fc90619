namespace McpSaas.StatusUi.Model;

/// <summary>When the monthly quota runs out at this month's rate.</summary>
public sealed record ForecastView
{
    /// <summary>Served calls per day so far this month.</summary>
    public required double CallsPerDay { get; init; }

    /// <summary>The UTC day the quota is reached at this rate; null when it lasts the month (or there is no limit).</summary>
    public string? RunsOutOn { get; init; }

    public required string Text { get; init; }
}
