namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO audit_log (at, actor, action, org, target, detail) VALUES (@at, @actor, @action, @org, @target, @detail)
            """).With("@at", NowMs()).With("@actor", entry.Actor).With("@action", entry.Action)
            .With("@org", entry.Org).With("@target", entry.Target).With("@detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? org, int limit, CancellationToken cancellationToken) =>
        ListAuditAsync(org, null, limit, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? org, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT id, at, actor, action, org, target, detail FROM audit_log
            WHERE (@org IS NULL OR org = @org) AND at >= @since
            ORDER BY id DESC LIMIT @limit
            """).With("@org", org).With("@since", since is { } s ? s.ToUnixTimeMilliseconds() : 0L).With("@limit", Math.Max(0, limit));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = reader.GetTime(1),
                Actor = reader.GetString(2),
                Action = reader.GetString(3),
                Org = reader.GetStringOrNull(4),
                Target = reader.GetStringOrNull(5),
                Detail = reader.GetStringOrNull(6),
            });
        }

        return entries;
    }
}
