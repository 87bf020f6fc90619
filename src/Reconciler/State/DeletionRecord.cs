namespace McpSaas.Reconciler.State;

/// <summary>
/// A successful delete of an owned Worker: its inventory entry goes, a history entry is appended, and
/// with <see cref="ForgetServer"/> the server row (with its keys and usage token) goes too; usage history stays.
/// </summary>
public sealed record DeletionRecord
{
    public required ServerId ServerId { get; init; }

    public required string Platform { get; init; }

    public required string ScriptName { get; init; }

    public string? Revision { get; init; }

    public bool ForgetServer { get; init; } = true;
}
