namespace McpSaas.StatusUi.Model;

/// <summary>An org's secrets: names, scopes, versions and who uses them. Never a value.</summary>
public sealed record SecretsView
{
    public required string Org { get; init; }

    public required IReadOnlyList<SecretView> Secrets { get; init; }

    /// <summary>Names servers wait for that are not set in any scope they see.</summary>
    public required IReadOnlyList<MissingSecretView> Missing { get; init; }

    /// <summary>The org's repositories (a secret may be scoped to one).</summary>
    public required IReadOnlyList<string> Repos { get; init; }
}
