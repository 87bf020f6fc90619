using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>Small helpers for parameters and columns: times as Unix milliseconds, enums as stable words.</summary>
internal static class SqliteValues
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Binds the parameters of an org/repo filter (only those given).</summary>
    public static SqliteCommand WithOrgRepo(this SqliteCommand command, string? org, string? repo)
    {
        if (org is not null)
        {
            command.With("@org", org);
        }

        if (repo is not null)
        {
            command.With("@repo", repo);
        }

        return command;
    }

    /// <summary>Re-binds a parameter of a command that is executed many times.</summary>
    public static void Set(this SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) => FromUnixMs(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));

    public static long ScalarInt64(this SqliteCommand command) => Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);

    public static string ToWord(ServerState state) => state switch
    {
        ServerState.Reconciling => "reconciling",
        ServerState.Ready => "ready",
        ServerState.Stalled => "stalled",
        ServerState.Waiting => "waiting",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static ServerState ToServerState(string word) => word switch
    {
        "reconciling" => ServerState.Reconciling,
        "ready" => ServerState.Ready,
        "stalled" => ServerState.Stalled,
        "waiting" => ServerState.Waiting,
        _ => throw new StateStoreException($"unknown server state '{word}' in the state store"),
    };

    public static string ToWord(DeployAction action) => action switch
    {
        DeployAction.Create => "create",
        DeployAction.Update => "update",
        DeployAction.Delete => "delete",
        DeployAction.Rebind => "rebind",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static DeployAction ToDeployAction(string word) => word switch
    {
        "create" => DeployAction.Create,
        "update" => DeployAction.Update,
        "delete" => DeployAction.Delete,
        "rebind" => DeployAction.Rebind,
        _ => throw new StateStoreException($"unknown deploy action '{word}' in the state store"),
    };

    /// <summary>The org scope is stored as an empty repo (primary keys cannot hold NULL portably).</summary>
    public static string RepoScope(string? repo) => repo ?? "";

    public static string? FromRepoScope(string stored) => stored.Length == 0 ? null : stored;
}
