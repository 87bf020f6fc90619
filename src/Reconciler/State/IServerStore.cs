namespace McpSaas.Reconciler.State;

/// <summary>Repositories, servers, the inventory of what is deployed, and the deploy history.</summary>
public interface IServerStore
{
    Task UpsertRepoAsync(RepoRecord repo, CancellationToken cancellationToken);

    /// <summary>Repositories of one org, or of every org when <paramref name="org"/> is <c>null</c>; ordered by org, name.</summary>
    Task<IReadOnlyList<RepoRecord>> ListReposAsync(string? org, CancellationToken cancellationToken);

    /// <summary>
    /// Records servers not seen before (first-seen = now, state reconciling; their repos too) and returns every
    /// given server's record, in the order given. One transaction for the whole list.
    /// </summary>
    Task<IReadOnlyList<ServerRecord>> EnsureServersAsync(IReadOnlyCollection<ServerId> ids, CancellationToken cancellationToken);

    Task<ServerRecord?> GetServerAsync(ServerId id, CancellationToken cancellationToken);

    /// <summary>Servers of one org (and repo), or all; ordered by first-seen time, then id (the slot order).</summary>
    Task<IReadOnlyList<ServerRecord>> ListServersAsync(string? org, string? repo, CancellationToken cancellationToken);

    /// <summary>Servers, inventory and active key hashes of an org (or one of its repos; all orgs when <c>null</c>) in one read.</summary>
    Task<ReconcileSnapshot> GetReconcileSnapshotAsync(string? org, string? repo, CancellationToken cancellationToken);

    /// <summary>Writes state, reason and observed revision of servers that exist (others are skipped); one transaction. Returns how many were updated.</summary>
    Task<int> UpdateServerStatusAsync(IReadOnlyCollection<ServerStatusUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Records how a repository's run ended as a whole (its repository row is created when missing).</summary>
    Task UpdateRepoRunAsync(RepoRunStatus status, CancellationToken cancellationToken);

    /// <summary>Stores the etag of an inventory entry whose receipt had none (adopted from a listing); no history entry.</summary>
    Task AdoptEtagAsync(ServerId id, string scriptName, string etag, CancellationToken cancellationToken);

    /// <summary>Sets the last reconcile time of every server of a repository in one statement (cheap for no-op runs).</summary>
    Task MarkReconciledAsync(string org, string repo, CancellationToken cancellationToken);

    /// <summary>Records a successful create/update: inventory, server (ready, revision, hash, endpoint, script) and history, in one transaction.</summary>
    Task RecordDeploymentAsync(DeploymentRecord deployment, CancellationToken cancellationToken);

    /// <summary>Records a successful delete: inventory entry removed, history appended, and the server forgotten when asked.</summary>
    Task RecordDeletionAsync(DeletionRecord deletion, CancellationToken cancellationToken);

    /// <summary>Appends a history entry on its own (a failed deploy, say). The store sets <see cref="DeployHistoryEntry.At"/>.</summary>
    Task AppendDeployHistoryAsync(DeployHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>A server's history, newest first.</summary>
    Task<IReadOnlyList<DeployHistoryEntry>> ListDeployHistoryAsync(ServerId id, int limit, CancellationToken cancellationToken);

    /// <summary>What is deployed for an org (and repo), or everywhere; ordered by server id, script.</summary>
    Task<IReadOnlyList<InventoryEntry>> ListInventoryAsync(string? org, string? repo, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the hash of a server's usage ingest token and bumps <see cref="ServerRecord.UsageTokenVersion"/>.
    /// With <paramref name="onlyIfAbsent"/>, does nothing when the server already has one (so two processes
    /// cannot both issue). Returns the new version, or <c>null</c> when nothing was stored (unknown server, or one exists).
    /// </summary>
    Task<int?> SetUsageTokenHashAsync(ServerId id, string tokenHash, bool onlyIfAbsent, CancellationToken cancellationToken);

    /// <summary>The stored hash of the server's usage ingest token; <c>null</c> when none (or no such server).</summary>
    Task<string?> GetUsageTokenHashAsync(ServerId id, CancellationToken cancellationToken);

    /// <summary>Every org the store knows of (servers, repositories, entitlements, secrets), ordered.</summary>
    Task<IReadOnlyList<string>> ListKnownOrgsAsync(CancellationToken cancellationToken);
}
