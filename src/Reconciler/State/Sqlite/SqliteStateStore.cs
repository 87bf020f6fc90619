using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>
/// <see cref="IStateStore"/> on one SQLite file (<c>&lt;data&gt;/state.db</c>): WAL journal (readers never block the
/// writer), a busy timeout (the CLI in one terminal and <c>up</c> in another share the file), writes in
/// <c>BEGIN IMMEDIATE</c> transactions (no lock upgrade deadlocks), schema migrated on first use.
/// A connection per operation from the driver's pool; thread-safe.
/// </summary>
public sealed partial class SqliteStateStore : IStateStore, IDisposable
{
    private readonly SqliteStateStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private readonly IReadOnlyList<Migration> _migrations;
    private volatile bool _initialized;

    public SqliteStateStore(SqliteStateStoreOptions options, TimeProvider timeProvider, ILogger<SqliteStateStore>? logger = null)
        : this(options, timeProvider, logger, SqliteMigrations.All)
    {
    }

    internal SqliteStateStore(SqliteStateStoreOptions options, TimeProvider timeProvider, ILogger? logger, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BusyTimeout must be positive");
        }

        _options = options;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _migrations = migrations;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DatabasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>The store of a data folder (<c>&lt;data&gt;/state.db</c>).</summary>
    public static SqliteStateStore ForDataDirectory(string dataDirectory, TimeProvider timeProvider, ILogger<SqliteStateStore>? logger = null) =>
        new(SqliteStateStoreOptions.ForDataDirectory(dataDirectory), timeProvider, logger);

    public string DatabasePath => Path.GetFullPath(_options.DatabasePath);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var folder = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(folder))
            {
                StatePaths.EnsureDataDirectory(folder);
            }

            // 0600 before SQLite creates it (its -wal and -shm files take the database file's mode), and tightened
            // when an older version left it 0644 in an existing folder.
            PrivateFiles.EnsureOwnerOnly(DatabasePath);
            PrivateFiles.TightenIfExists(DatabasePath + "-wal");
            PrivateFiles.TightenIfExists(DatabasePath + "-shm");

            using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
            using (var wal = connection.Command(null, "PRAGMA journal_mode = WAL"))
            {
                var mode = Convert.ToString(wal.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new StateStoreException($"{DatabasePath}: could not switch the state store to WAL mode (journal mode is '{mode}'); is the folder on a network file system?");
                }
            }

            foreach (var migration in SqliteMigrator.Migrate(connection, _migrations, NowMs()))
            {
                Log.MigrationApplied(_logger, DatabasePath, migration.Version, migration.Name);
            }

            _initialized = true;
        }
        finally
        {
            _initializing.Release();
        }
    }

    /// <summary>The schema version on disk (after initialization).</summary>
    internal async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return SqliteMigrator.CurrentVersion(connection, null);
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initializing.Dispose();
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragmas = connection.Command(null, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;"));
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A write transaction (<c>BEGIN IMMEDIATE</c>): takes the write lock up front, waiting up to the busy timeout.</summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    /// <summary>A read transaction: one consistent snapshot for several queries.</summary>
    private static SqliteTransaction BeginRead(SqliteConnection connection) => connection.BeginTransaction(deferred: true);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "State store {Path}: applied migration {Version} ({Name})")]
        public static partial void MigrationApplied(ILogger logger, string path, int version, string name);
    }
}
