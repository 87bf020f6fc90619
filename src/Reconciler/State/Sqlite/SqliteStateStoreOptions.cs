namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>Where the SQLite state store lives and how long a write waits for another process's lock.</summary>
public sealed record SqliteStateStoreOptions
{
    /// <summary>Path of the database file (<see cref="StatePaths.Database"/>); its folder is created when missing.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public static SqliteStateStoreOptions ForDataDirectory(string dataDirectory) => new() { DatabasePath = StatePaths.Database(dataDirectory) };
}
