namespace McpSaas.StatusUi.Charts;

/// <summary>One stacked segment: a tool's calls on a day, and where it is drawn.</summary>
public sealed record ChartBar(string Day, string Tool, long Calls, double X, double Y, double Width, double Height, int Color);
