namespace McpSaas.Reconciler.State;

/// <summary>What the store records for a new key (the plaintext never reaches the store).</summary>
public sealed record NewApiKey
{
    public required ServerId ServerId { get; init; }

    public required string Name { get; init; }

    public required string KeyId { get; init; }

    public required string Hash { get; init; }
}
