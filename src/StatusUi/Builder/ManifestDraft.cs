namespace McpSaas.StatusUi.Builder;

/// <summary>A manifest as the builder assembles it, before it is written as YAML and validated.</summary>
public sealed record ManifestDraft
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required string Plan { get; init; }

    public IReadOnlyList<ToolDraft> Tools { get; init; } = [];

    /// <summary>The text of <c>spec.access.rateLimitPerMinute</c>; an integer is written as a number, anything else as text (for the validator to point at).</summary>
    public string? RateLimitPerMinute { get; init; }
}
