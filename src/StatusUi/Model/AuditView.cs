namespace McpSaas.StatusUi.Model;

/// <summary>An org's audit log, newest first: applies and deletes, keys, secrets, entitlements, pull requests opened, with who did each.</summary>
public sealed record AuditView
{
    public required string Org { get; init; }

    /// <summary>Entries from this time on (null: all kept).</summary>
    public DateTimeOffset? Since { get; init; }

    public required int Limit { get; init; }

    public required IReadOnlyList<AuditEntryView> Entries { get; init; }
}
