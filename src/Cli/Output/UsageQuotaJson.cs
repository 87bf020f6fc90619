namespace McpSaas.Cli.Output;

/// <summary>The org's monthly quota in <c>usage --json</c>: <c>limit</c> null = unlimited; <c>used</c> over all the org's servers that month.</summary>
internal sealed record UsageQuotaJson(string Org, string Plan, long? Limit, long Used, bool Exceeded);
