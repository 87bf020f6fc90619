using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    public async Task<ApiKeyCreateResult> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var id = key.ServerId.ToString();
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var exists = connection.Command(write, "SELECT COUNT(*) FROM servers WHERE server_id = @id").With("@id", id))
        {
            if (exists.ScalarInt64() == 0)
            {
                return new ApiKeyCreateResult(ApiKeyCreateOutcome.UnknownServer, null);
            }
        }

        using (var taken = connection.Command(write, "SELECT COUNT(*) FROM api_keys WHERE server_id = @id AND name = @name AND revoked_at IS NULL")
            .With("@id", id).With("@name", key.Name))
        {
            if (taken.ScalarInt64() > 0)
            {
                return new ApiKeyCreateResult(ApiKeyCreateOutcome.NameTaken, null);
            }
        }

        using (var insert = connection.Command(write, """
            INSERT INTO api_keys (server_id, org, repo, name, key_id, hash, created_at) VALUES (@id, @org, @repo, @name, @keyId, @hash, @now)
            """))
        {
            insert.With("@id", id).With("@org", key.ServerId.Org).With("@repo", key.ServerId.Repo).With("@name", key.Name)
                .With("@keyId", key.KeyId).With("@hash", key.Hash).With("@now", now)
                .ExecuteNonQuery();
        }

        write.Commit();
        return new ApiKeyCreateResult(ApiKeyCreateOutcome.Created, new ApiKeyRecord
        {
            ServerId = key.ServerId,
            Name = key.Name,
            KeyId = key.KeyId,
            Hash = key.Hash,
            CreatedAt = SqliteValues.FromUnixMs(now),
        });
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(ServerId id, bool includeRevoked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"""
            SELECT name, key_id, hash, created_at, last_used_at, revoked_at FROM api_keys
            WHERE server_id = @id{(includeRevoked ? "" : " AND revoked_at IS NULL")}
            ORDER BY created_at, id
            """).With("@id", id.ToString());
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new ApiKeyRecord
            {
                ServerId = id,
                Name = reader.GetString(0),
                KeyId = reader.GetString(1),
                Hash = reader.GetString(2),
                CreatedAt = reader.GetTime(3),
                LastUsedAt = reader.GetTimeOrNull(4),
                RevokedAt = reader.GetTimeOrNull(5),
            });
        }

        return keys;
    }

    public async Task<bool> RevokeApiKeyAsync(ServerId id, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "UPDATE api_keys SET revoked_at = @now WHERE server_id = @id AND name = @name AND revoked_at IS NULL")
            .With("@now", NowMs()).With("@id", id.ToString()).With("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Moves keys' last use forward (never back) from a batch's latest call per key.</summary>
    private static void TouchKeys(SqliteConnection connection, SqliteTransaction transaction, string serverId, IEnumerable<(string KeyId, long LastUsed)> uses)
    {
        using var command = connection.Command(transaction, """
            UPDATE api_keys SET last_used_at = @at
            WHERE server_id = @id AND key_id = @keyId AND (last_used_at IS NULL OR last_used_at < @at)
            """).With("@at", 0L).With("@id", serverId).With("@keyId", "");
        foreach (var (keyId, lastUsed) in uses)
        {
            command.Set("@at", lastUsed);
            command.Set("@keyId", keyId);
            command.ExecuteNonQuery();
        }
    }
}
