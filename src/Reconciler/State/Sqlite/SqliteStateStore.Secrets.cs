using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    private const string SecretColumns = "org, repo, name, version, nonce, ciphertext, key_fingerprint, updated_at, deleted_at";

    public async Task<SecretRow> PutSecretAsync(string org, string? repo, string name, Func<int, EncryptedSecret> seal, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(seal);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        int version;
        using (var next = connection.Command(write, "SELECT COALESCE(MAX(version), 0) + 1 FROM secrets WHERE org = @org AND name = @name")
            .With("@org", org).With("@name", name))
        {
            version = checked((int)next.ScalarInt64());
        }

        var sealedValue = seal(version);
        using (var upsert = connection.Command(write, """
            INSERT INTO secrets (org, repo, name, version, nonce, ciphertext, key_fingerprint, created_at, updated_at, deleted_at)
            VALUES (@org, @repo, @name, @version, @nonce, @ciphertext, @fingerprint, @now, @now, NULL)
            ON CONFLICT (org, repo, name) DO UPDATE SET
                version = excluded.version, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                key_fingerprint = excluded.key_fingerprint, updated_at = excluded.updated_at, deleted_at = NULL
            """))
        {
            upsert.With("@org", org).With("@repo", SqliteValues.RepoScope(repo)).With("@name", name).With("@version", version)
                .With("@nonce", sealedValue.Nonce.ToArray()).With("@ciphertext", sealedValue.CiphertextAndTag.ToArray())
                .With("@fingerprint", sealedValue.KeyFingerprint).With("@now", now)
                .ExecuteNonQuery();
        }

        write.Commit();
        return new SecretRow { Org = org, Repo = repo, Name = name, Version = version, UpdatedAt = SqliteValues.FromUnixMs(now), Sealed = sealedValue };
    }

    public async Task<bool> DeleteSecretAsync(string org, string? repo, string name, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            UPDATE secrets SET nonce = NULL, ciphertext = NULL, key_fingerprint = NULL, deleted_at = @now, updated_at = @now
            WHERE org = @org AND repo = @repo AND name = @name AND deleted_at IS NULL
            """).With("@now", NowMs()).With("@org", org).With("@repo", SqliteValues.RepoScope(repo)).With("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<SecretRow>> ListSecretRowsAsync(string org, bool includeDeleted, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"""
            SELECT {SecretColumns} FROM secrets WHERE org = @org{(includeDeleted ? "" : " AND deleted_at IS NULL")} ORDER BY name, repo
            """).With("@org", org);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<SecretRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ReadSecret(reader));
        }

        return rows;
    }

    public async Task<SecretRow?> GetSecretRowAsync(string org, string? repo, string name, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"""
            SELECT {SecretColumns} FROM secrets WHERE org = @org AND repo = @repo AND name = @name AND deleted_at IS NULL
            """).With("@org", org).With("@repo", SqliteValues.RepoScope(repo)).With("@name", name);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSecret(reader) : null;
    }

    public async Task<int> CountSealedSecretsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT COUNT(*) FROM secrets WHERE ciphertext IS NOT NULL");
        return (int)command.ScalarInt64();
    }

    private static SecretRow ReadSecret(SqliteDataReader reader) => new()
    {
        Org = reader.GetString(0),
        Repo = SqliteValues.FromRepoScope(reader.GetString(1)),
        Name = reader.GetString(2),
        Version = (int)reader.GetInt64(3),
        Sealed = reader.IsDBNull(5)
            ? null
            : new EncryptedSecret
            {
                Nonce = (byte[])reader.GetValue(4),
                CiphertextAndTag = (byte[])reader.GetValue(5),
                KeyFingerprint = reader.GetStringOrNull(6) ?? "",
            },
        UpdatedAt = reader.GetTime(7),
        DeletedAt = reader.GetTimeOrNull(8),
    };
}
