namespace McpSaas.StatusUi.Model;

/// <summary>The tool catalog as one org sees it: premium tools locked below plan pro.</summary>
public sealed record CatalogView
{
    public required string Org { get; init; }

    public required string Tier { get; init; }

    public required string Query { get; init; }

    /// <summary>The category filter; empty for all.</summary>
    public required string Category { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<CatalogToolView> Tools { get; init; }
}
