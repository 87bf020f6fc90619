namespace McpSaas.StatusUi.Model;

/// <summary>One stored secret: never its value.</summary>
public sealed record SecretView
{
    public required string Name { get; init; }

    /// <summary><c>org</c> or <c>repo</c>.</summary>
    public required string Scope { get; init; }

    /// <summary>The repository of a repo-scoped secret; null for the org scope.</summary>
    public string? Repo { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Servers that use exactly this secret (a repo-scoped one wins over the org's), deployed or waiting for it.</summary>
    public required IReadOnlyList<SecretUserView> UsedBy { get; init; }
}
