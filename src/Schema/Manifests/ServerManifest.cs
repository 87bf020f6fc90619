using McpSaas.Schema.Collections;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Manifests;

/// <summary>The typed, immutable model of one valid <c>McpServer</c> document (manifest-v1.md).</summary>
public sealed record ServerManifest
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary><c>metadata.labels</c>, ordered by key.</summary>
    public ValueArray<KeyValuePair<string, string>> Labels { get; init; } = ValueArray<KeyValuePair<string, string>>.Empty;

    public required PlanTier Plan { get; init; }

    public bool Suspended { get; init; }

    public required ValueArray<ToolUse> Tools { get; init; }

    /// <summary><c>spec.access.rateLimitPerMinute</c>, or null when not set.</summary>
    public int? RateLimitPerMinute { get; init; }
}
