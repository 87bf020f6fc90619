namespace McpSaas.StatusUi.Builder;

/// <summary>One <c>spec.tools</c> entry.</summary>
public sealed record ToolDraft
{
    public required string Use { get; init; }

    public string? As { get; init; }

    public IReadOnlyList<SettingDraft> Settings { get; init; } = [];

    /// <summary>Secret input name → secret reference.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Secrets { get; init; } = [];
}
