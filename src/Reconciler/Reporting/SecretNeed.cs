namespace McpSaas.Reconciler.Reporting;

/// <summary>A secret reference a server newly needs, and whether the org's secret store has it (name only: never a value or version text).</summary>
public sealed record SecretNeed(string Reference, bool IsSet);
