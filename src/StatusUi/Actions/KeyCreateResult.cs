using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Actions;

/// <summary>
/// A key created on the page: the key itself (shown once, never stored), its name and id, and whether the Worker
/// serves it yet; or the error at the name field (nothing changed).
/// </summary>
public sealed record KeyCreateResult
{
    public FieldErrorView? Error { get; init; }

    public string? Name { get; init; }

    public string? KeyId { get; init; }

    /// <summary>The key, to show once. Never logged, never put in JSON.</summary>
    public string? Key { get; init; }

    /// <summary>What happened on the Worker (live, not deployed yet, or why it is not live yet).</summary>
    public string? Rollout { get; init; }

    public bool RolloutFailed { get; init; }
}
