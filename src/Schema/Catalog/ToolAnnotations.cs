namespace McpSaas.Schema.Catalog;

/// <summary>MCP tool annotations (hints for clients), as declared in tool.json.</summary>
public sealed record ToolAnnotations(
    string? Title,
    bool ReadOnlyHint,
    bool DestructiveHint,
    bool IdempotentHint,
    bool OpenWorldHint);
