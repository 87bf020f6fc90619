namespace McpSaas.StatusUi.Model;

/// <summary>The builder's answer: the manifest when valid, else every error at its field.</summary>
public sealed record BuilderResultView
{
    public required bool Valid { get; init; }

    /// <summary>The manifest; null when invalid.</summary>
    public string? Yaml { get; init; }

    public required IReadOnlyList<FieldErrorView> Errors { get; init; }

    /// <summary>Opens the file as a new file in the repository on GitHub; null when no repository was given or the manifest is invalid.</summary>
    public string? GitHubUrl { get; init; }
}
