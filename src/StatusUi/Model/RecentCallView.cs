namespace McpSaas.StatusUi.Model;

/// <summary>One recent call: never arguments or results.</summary>
public sealed record RecentCallView
{
    public required DateTimeOffset At { get; init; }

    public required string Tool { get; init; }

    public string? KeyId { get; init; }

    /// <summary>The key's name; null for a call without a key or through a deleted key.</summary>
    public string? KeyName { get; init; }

    public required bool Ok { get; init; }

    /// <summary><c>ok</c>, or the Worker's error kind (<c>upstream_error</c>, <c>quota_exceeded</c>, …).</summary>
    public required string Outcome { get; init; }

    public required long DurationMs { get; init; }
}
