namespace McpSaas.GitHub.Reporting;

/// <summary>
/// A report was not sent now, and that is not a failure: McpSaas's content-request budget is spent (every report
/// waits: <see cref="PausesAll"/>), or it waits for another report (a status linking to a check run not created yet).
/// It is due again at <see cref="Until"/>.
/// </summary>
internal sealed class ReportDeferredException(DateTimeOffset until, bool pausesAll, string reason) : Exception(reason)
{
    public DateTimeOffset Until { get; } = until;

    public bool PausesAll { get; } = pausesAll;
}
