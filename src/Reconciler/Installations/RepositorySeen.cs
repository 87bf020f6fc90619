namespace McpSaas.Reconciler.Installations;

/// <summary>
/// A repository as a webhook shows it, by its GitHub id. A new id is recorded; a known id whose owner or name
/// differs gets a rename job (its servers keep their Workers, URLs and keys); <see cref="Removed"/> records
/// that the installation no longer covers it.
/// </summary>
public sealed record RepositorySeen
{
    public required long RepositoryId { get; init; }

    public required long InstallationId { get; init; }

    public required string Owner { get; init; }

    public required string Name { get; init; }

    public string? DefaultBranch { get; init; }

    public string? CloneUrl { get; init; }

    public bool? Private { get; init; }

    public bool Removed { get; init; }
}
