namespace McpSaas.Schema.Manifests;

/// <summary>One entry of a tool's <c>secrets:</c>: a catalog secret input mapped to a secret reference (a name in the org's secret store).</summary>
public sealed record SecretBinding(string Input, string Reference);
