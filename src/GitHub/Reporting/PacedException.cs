namespace McpSaas.GitHub.Reporting;

/// <summary>A report was not sent: McpSaas's content-request budget is spent until <see cref="Until"/> (not a failure).</summary>
public sealed class PacedException(DateTimeOffset until) : Exception($"content-creating requests paced until {until:O}")
{
    public DateTimeOffset Until { get; } = until;
}
