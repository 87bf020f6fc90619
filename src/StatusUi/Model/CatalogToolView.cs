namespace McpSaas.StatusUi.Model;

/// <summary>One catalog tool with everything needed to use it.</summary>
public sealed record CatalogToolView
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string Category { get; init; }

    public required bool Premium { get; init; }

    /// <summary>The org's plan does not allow it.</summary>
    public required bool Locked { get; init; }

    /// <summary>The lowest plan that allows it.</summary>
    public required string RequiredPlan { get; init; }

    public required IReadOnlyList<McpToolView> McpTools { get; init; }

    public required IReadOnlyList<SettingView> Settings { get; init; }

    public required IReadOnlyList<SecretInputView> Secrets { get; init; }

    /// <summary>A <c>spec.tools</c> entry ready to paste (required settings filled with examples, secrets with suggested names).</summary>
    public required string Snippet { get; init; }
}
