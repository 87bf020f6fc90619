namespace McpSaas.Reconciler.State;

/// <summary>A named API key of a server. Only its SHA-256 hash is stored; the key itself is shown once, at creation.</summary>
public sealed record ApiKeyRecord
{
    public required ServerId ServerId { get; init; }

    public required string Name { get; init; }

    /// <summary>The key's id (<see cref="Keys.ApiKeys.KeyIdOf"/>): what usage events carry.</summary>
    public required string KeyId { get; init; }

    /// <summary>Lowercase hex SHA-256 of the key (what <c>MCP_KEY_HASHES</c> holds).</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Latest call seen through this key (from usage events); <c>null</c> if never used.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;
}
