namespace McpSaas.Reconciler.State;

/// <summary>
/// One audit log entry: who did what to which thing, when. Never holds a secret value or key:
/// the detail names things (a secret's name and version, a key's name and id), not their content.
/// </summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    /// <summary>Who: <c>cli:USER</c>, <c>reconciler</c>, <c>github:LOGIN</c>, …</summary>
    public required string Actor { get; init; }

    /// <summary>What, as a stable dotted verb: <c>secret.set</c>, <c>entitlement.set</c>, <c>key.revoke</c>, …</summary>
    public required string Action { get; init; }

    public string? Org { get; init; }

    /// <summary>The thing acted on: a server id, <c>secret NAME</c>, …</summary>
    public string? Target { get; init; }

    public string? Detail { get; init; }

    /// <summary>Set by the store from its clock when appended.</summary>
    public DateTimeOffset At { get; init; }
}
