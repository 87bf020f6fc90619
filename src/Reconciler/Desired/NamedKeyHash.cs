namespace McpSaas.Reconciler.Desired;

/// <summary>A named API key as bound to a Worker: its name and SHA-256 (lowercase hex). Never the key itself.</summary>
public sealed record NamedKeyHash(string Name, string Sha256);
