namespace McpSaas.StatusUi.Model;

/// <summary>A tool setting (<c>with:</c>): its type as people read it, whether it is required, its default and help text.</summary>
public sealed record SettingView
{
    public required string Name { get; init; }

    /// <summary><c>string</c>, <c>URL</c>, <c>boolean</c>, <c>integer</c> or <c>list of strings</c>.</summary>
    public required string Type { get; init; }

    public required bool Required { get; init; }

    /// <summary>The default as JSON text; null when none.</summary>
    public string? Default { get; init; }

    public required string Description { get; init; }
}
