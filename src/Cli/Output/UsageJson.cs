namespace McpSaas.Cli.Output;

/// <summary><c>usage SERVER-ID --json</c> (README, "JSON output"); fields are only ever added.</summary>
internal sealed record UsageJson(
    string ServerId,
    string Month,
    long Calls,
    long Errors,
    UsageQuotaJson Quota,
    IReadOnlyList<ToolUsageJson> ByTool,
    IReadOnlyList<KeyUsageJson> ByKey,
    IReadOnlyList<DayUsageJson> ByDay,
    long Refused,
    UsageDeliveryJson Delivery);
