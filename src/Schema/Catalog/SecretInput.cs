namespace McpSaas.Schema.Catalog;

/// <summary>A secret input a tool takes (<c>secrets:</c> in mcp.yaml maps it to a secret reference).</summary>
public sealed record SecretInput(string Name, bool Required, string Description);
