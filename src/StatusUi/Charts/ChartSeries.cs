namespace McpSaas.StatusUi.Charts;

/// <summary>A legend entry: a tool (or "other tools") and its colour index.</summary>
public sealed record ChartSeries(string Tool, int Color, long Calls);
