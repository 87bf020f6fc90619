namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    public async Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT value FROM settings WHERE name = @name").With("@name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetSettingAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO settings (name, value, updated_at) VALUES (@name, @value, @now)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """).With("@name", name).With("@value", value).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> GetOrAddSettingAsync(string name, string proposed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var insert = connection.Command(write, "INSERT INTO settings (name, value, updated_at) VALUES (@name, @value, @now) ON CONFLICT (name) DO NOTHING")
            .With("@name", name).With("@value", proposed).With("@now", NowMs()))
        {
            insert.ExecuteNonQuery();
        }

        using var read = connection.Command(write, "SELECT value FROM settings WHERE name = @name").With("@name", name);
        var value = (string)read.ExecuteScalar()!;
        write.Commit();
        return value;
    }
}
