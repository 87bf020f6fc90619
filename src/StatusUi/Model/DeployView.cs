namespace McpSaas.StatusUi.Model;

/// <summary>One deploy history entry, with the plan it applied (secrets by name only).</summary>
public sealed record DeployView
{
    public required DateTimeOffset At { get; init; }

    /// <summary><c>create</c>, <c>update</c>, <c>rebind</c> or <c>delete</c>.</summary>
    public required string Action { get; init; }

    public required bool Succeeded { get; init; }

    public string? Revision { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Message { get; init; }

    /// <summary>The plan text as <c>plan</c> prints it; null for entries recorded before plans were kept.</summary>
    public string? Plan { get; init; }
}
