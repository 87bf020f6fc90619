namespace McpSaas.StatusUi.Model;

/// <summary>A named API key: never the key, only its name and id.</summary>
public sealed record KeyView
{
    public required string Name { get; init; }

    public required string KeyId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public required bool Active { get; init; }
}
