using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>
/// Applies <see cref="Migration"/>s in order, each once, each in its own write transaction that re-reads the
/// version first (two processes starting together apply a step once).
/// </summary>
internal static class SqliteMigrator
{
    /// <summary>Migrates to the last of <paramref name="migrations"/>; returns the versions applied by this call.</summary>
    public static IReadOnlyList<Migration> Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, long nowUnixMs)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     INTEGER NOT NULL PRIMARY KEY,
                    name        TEXT    NOT NULL,
                    applied_at  INTEGER NOT NULL
                );
                """;
            create.ExecuteNonQuery();
        }

        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = CurrentVersion(connection, null);
        if (current > latest)
        {
            throw new StateStoreException(
                $"{connection.DataSource}: the state store has schema version {current}, newer than this McpSaas knows ({latest}). "
                + "Use the McpSaas version that wrote it (or newer), or point --data at another folder.");
        }

        var applied = new List<Migration>();
        foreach (var migration in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (CurrentVersion(connection, transaction) >= migration.Version)
            {
                transaction.Commit();
                continue;
            }

            try
            {
                using (var step = connection.CreateCommand())
                {
                    step.Transaction = transaction;
                    step.CommandText = migration.Sql;
                    step.ExecuteNonQuery();
                }

                using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)";
                    record.Parameters.AddWithValue("@version", migration.Version);
                    record.Parameters.AddWithValue("@name", migration.Name);
                    record.Parameters.AddWithValue("@at", nowUnixMs);
                    record.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException e)
            {
                transaction.Rollback();
                throw new StateStoreException(
                    $"{connection.DataSource}: migration {migration.Version} ({migration.Name}) failed and was rolled back: {e.Message}", e);
            }

            applied.Add(migration);
        }

        return applied;
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
