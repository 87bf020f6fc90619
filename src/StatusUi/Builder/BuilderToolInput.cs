namespace McpSaas.StatusUi.Builder;

/// <summary>One picked tool: its id, an optional alias, settings and secret references as text.</summary>
public sealed record BuilderToolInput
{
    public required string Use { get; init; }

    public string? As { get; init; }

    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
}
