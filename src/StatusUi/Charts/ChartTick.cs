namespace McpSaas.StatusUi.Charts;

/// <summary>An axis label at a position (<see cref="Position"/> is y for the value axis, x for the day axis).</summary>
public sealed record ChartTick(double Position, string Text);
