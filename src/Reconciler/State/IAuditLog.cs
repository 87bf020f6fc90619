namespace McpSaas.Reconciler.State;

/// <summary>Append-only audit log; entries never carry secret values.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry; the store sets its id and time.</summary>
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first; one org's, or everyone's when <paramref name="org"/> is <c>null</c>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? org, int limit, CancellationToken cancellationToken);

    /// <summary>Newest first, only entries at or after <paramref name="since"/> (all when null).</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? org, DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}
