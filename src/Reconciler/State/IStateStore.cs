namespace McpSaas.Reconciler.State;

/// <summary>
/// The state store (architecture.md): orgs and entitlements, repos, servers, inventory, deploy history, API keys,
/// usage, sealed secrets, audit log and platform settings. Each area has its own interface so a component (and its
/// hand-written fake) depends only on what it uses. SQLite by default (<see cref="Sqlite.SqliteStateStore"/>);
/// the SQL is plain so a PostgreSQL implementation can follow.
/// </summary>
public interface IStateStore : IEntitlementStore, IServerStore, IApiKeyStore, IUsageStore, ISecretRowStore, IAuditLog, ISettingsStore
{
    /// <summary>Creates or migrates the schema; every other member does it on first use too.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
