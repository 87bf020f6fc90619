using McpSaas.Schema.Collections;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    private const string ServerColumns = """
        server_id, org, repo, name, first_seen_at, state, reason, observed_revision, last_applied_revision,
        content_hash, endpoint_url, script_name, last_reconcile_at, usage_token_version, stalled_hash, missing_secrets
        """;

    private const string InventoryColumns = "server_id, org, repo, platform, script_name, content_hash, deployed_at, summary_json, etag, modified_at, version_id";

    public async Task UpsertRepoAsync(RepoRecord repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO repos (org, name, source, created_at) VALUES (@org, @name, @source, @now)
            ON CONFLICT (org, name) DO UPDATE SET source = excluded.source
            """).With("@org", repo.Org).With("@name", repo.Name).With("@source", repo.Source).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RepoRecord>> ListReposAsync(string? org, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"""
            SELECT org, name, source, created_at, last_run_state, last_run_reason, last_run_revision, last_run_at
            FROM repos{OrgRepoFilter(org, null, "WHERE")} ORDER BY org, name
            """).WithOrgRepo(org, null);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var repos = new List<RepoRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            repos.Add(new RepoRecord
            {
                Org = reader.GetString(0),
                Name = reader.GetString(1),
                Source = reader.GetStringOrNull(2),
                CreatedAt = reader.GetTime(3),
                LastRunState = reader.GetStringOrNull(4),
                LastRunReason = reader.GetStringOrNull(5),
                LastRunRevision = reader.GetStringOrNull(6),
                LastRunAt = reader.GetTimeOrNull(7),
            });
        }

        return repos;
    }

    public async Task<IReadOnlyList<ServerRecord>> EnsureServersAsync(IReadOnlyCollection<ServerId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, ServerRecord>(StringComparer.Ordinal);

        // Common case (a no-op reconcile): every server is known; read them without taking the write lock.
        using (var read = BeginRead(connection))
        {
            ReadServersById(connection, read, ids, found);
            read.Commit();
        }

        var missing = ids.Where(id => !found.ContainsKey(id.ToString())).DistinctBy(id => id.ToString()).ToList();
        if (missing.Count > 0)
        {
            using var write = BeginWrite(connection);
            var now = NowMs();
            using var repo = connection.Command(write, "INSERT INTO repos (org, name, created_at) VALUES (@org, @name, @now) ON CONFLICT (org, name) DO NOTHING")
                .With("@org", "").With("@name", "").With("@now", now);
            foreach (var (org, name) in missing.Select(id => (id.Org, id.Repo)).Distinct())
            {
                repo.Set("@org", org);
                repo.Set("@name", name);
                repo.ExecuteNonQuery();
            }

            using var insert = connection.Command(write, """
                INSERT INTO servers (server_id, org, repo, name, first_seen_at, state) VALUES (@id, @org, @repo, @name, @now, 'reconciling')
                ON CONFLICT (server_id) DO NOTHING
                """).With("@id", "").With("@org", "").With("@repo", "").With("@name", "").With("@now", now);
            foreach (var id in missing)
            {
                insert.Set("@id", id.ToString());
                insert.Set("@org", id.Org);
                insert.Set("@repo", id.Repo);
                insert.Set("@name", id.Name);
                insert.ExecuteNonQuery();
            }

            ReadServersById(connection, write, missing, found);
            write.Commit();
        }

        return ids.Select(id => found[id.ToString()]).ToList();
    }

    public async Task<ServerRecord?> GetServerAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, ServerRecord>(StringComparer.Ordinal);
        ReadServersById(connection, null, [id], found);
        return found.GetValueOrDefault(id.ToString());
    }

    public async Task<IReadOnlyList<ServerRecord>> ListServersAsync(string? org, string? repo, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadServers(connection, null, org, repo);
    }

    public async Task<ReconcileSnapshot> GetReconcileSnapshotAsync(string? org, string? repo, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var read = BeginRead(connection);
        var servers = ReadServers(connection, read, org, repo);
        var inventory = ReadInventory(connection, read, org, repo);
        var hashes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = connection.Command(read, $"""
            SELECT server_id, hash FROM api_keys
            WHERE revoked_at IS NULL{OrgRepoFilter(org, repo, "AND")}
            ORDER BY server_id, hash
            """).WithOrgRepo(org, repo))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var serverId = reader.GetString(0);
                if (!hashes.TryGetValue(serverId, out var list))
                {
                    hashes[serverId] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        read.Commit();
        return new ReconcileSnapshot
        {
            Servers = servers.ToValueArray(),
            Inventory = inventory.ToValueArray(),
            ActiveKeyHashes = hashes.ToDictionary(kv => kv.Key, kv => kv.Value.ToValueArray(), StringComparer.Ordinal),
        };
    }

    public async Task<int> UpdateServerStatusAsync(IReadOnlyCollection<ServerStatusUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return 0;
        }

        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using var command = connection.Command(write, """
            UPDATE servers SET state = @state, reason = @reason, observed_revision = COALESCE(@revision, observed_revision), last_reconcile_at = @now,
                stalled_hash = @stalled, missing_secrets = @missing
            WHERE server_id = @id
            """).With("@state", "").With("@reason", null).With("@revision", null).With("@now", NowMs()).With("@id", "").With("@stalled", null)
            .With("@missing", null);
        var updated = 0;
        foreach (var update in updates)
        {
            command.Set("@state", SqliteValues.ToWord(update.State));
            command.Set("@reason", update.Reason);
            command.Set("@revision", update.ObservedRevision);
            command.Set("@id", update.Id.ToString());
            command.Set("@stalled", update.StalledHash);
            command.Set("@missing", update.MissingSecrets.Count == 0 ? null : string.Join(',', update.MissingSecrets.Order(StringComparer.Ordinal)));
            updated += command.ExecuteNonQuery();
        }

        write.Commit();
        return updated;
    }

    public async Task MarkReconciledAsync(string org, string repo, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "UPDATE servers SET last_reconcile_at = @now WHERE org = @org AND repo = @repo")
            .With("@now", NowMs()).With("@org", org).With("@repo", repo);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateRepoRunAsync(RepoRunStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO repos (org, name, created_at, last_run_state, last_run_reason, last_run_revision, last_run_at)
            VALUES (@org, @name, @now, @state, @reason, @revision, @now)
            ON CONFLICT (org, name) DO UPDATE SET
                last_run_state = excluded.last_run_state, last_run_reason = excluded.last_run_reason,
                last_run_revision = COALESCE(excluded.last_run_revision, repos.last_run_revision), last_run_at = excluded.last_run_at
            """).With("@org", status.Org).With("@name", status.Repo).With("@now", NowMs()).With("@state", status.State)
            .With("@reason", status.Reason).With("@revision", status.Revision);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AdoptEtagAsync(ServerId id, string scriptName, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "UPDATE inventory SET etag = @etag WHERE server_id = @id AND script_name = @script AND etag IS NULL")
            .With("@etag", etag).With("@id", id.ToString()).With("@script", scriptName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordDeploymentAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Action == DeployAction.Delete)
        {
            throw new ArgumentException("a delete is recorded with RecordDeletionAsync", nameof(deployment));
        }

        var id = deployment.ServerId;
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var inventory = connection.Command(write, """
            INSERT INTO inventory (server_id, script_name, org, repo, platform, content_hash, deployed_at, summary_json, etag, modified_at, version_id)
            VALUES (@id, @script, @org, @repo, @platform, @hash, @now, @summary, @etag, @modified, @version)
            ON CONFLICT (server_id, script_name) DO UPDATE SET
                platform = excluded.platform, content_hash = excluded.content_hash, deployed_at = excluded.deployed_at,
                summary_json = excluded.summary_json, etag = excluded.etag, modified_at = excluded.modified_at,
                version_id = excluded.version_id
            """))
        {
            inventory.With("@id", id.ToString()).With("@script", deployment.ScriptName).With("@org", id.Org).With("@repo", id.Repo)
                .With("@platform", deployment.Platform).With("@hash", deployment.ContentHash).With("@now", now)
                .With("@summary", deployment.SummaryJson).With("@etag", deployment.Etag)
                .With("@modified", deployment.ModifiedOn is { } m ? m.ToUnixTimeMilliseconds() : null).With("@version", deployment.VersionId)
                .ExecuteNonQuery();
        }

        using (var server = connection.Command(write, """
            INSERT INTO servers (server_id, org, repo, name, first_seen_at, state, last_applied_revision, observed_revision, content_hash, endpoint_url, script_name, last_reconcile_at)
            VALUES (@id, @org, @repo, @name, @now, 'ready', @revision, @revision, @hash, @endpoint, @script, @now)
            ON CONFLICT (server_id) DO UPDATE SET
                state = 'ready', reason = NULL, stalled_hash = NULL, missing_secrets = NULL,
                last_applied_revision = excluded.last_applied_revision,
                observed_revision = COALESCE(excluded.observed_revision, servers.observed_revision),
                content_hash = excluded.content_hash,
                endpoint_url = COALESCE(excluded.endpoint_url, servers.endpoint_url),
                script_name = excluded.script_name,
                last_reconcile_at = excluded.last_reconcile_at
            """))
        {
            server.With("@id", id.ToString()).With("@org", id.Org).With("@repo", id.Repo).With("@name", id.Name).With("@now", now)
                .With("@revision", deployment.Revision).With("@hash", deployment.ContentHash).With("@endpoint", deployment.EndpointUrl)
                .With("@script", deployment.ScriptName)
                .ExecuteNonQuery();
        }

        InsertHistory(connection, write, new DeployHistoryEntry
        {
            ServerId = id,
            Action = deployment.Action,
            Succeeded = true,
            Platform = deployment.Platform,
            ScriptName = deployment.ScriptName,
            ContentHash = deployment.ContentHash,
            Revision = deployment.Revision,
            PlanText = deployment.PlanText,
        }, now);
        write.Commit();
    }

    public async Task RecordDeletionAsync(DeletionRecord deletion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        var id = deletion.ServerId.ToString();
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var inventory = connection.Command(write, "DELETE FROM inventory WHERE server_id = @id AND script_name = @script")
            .With("@id", id).With("@script", deletion.ScriptName))
        {
            inventory.ExecuteNonQuery();
        }

        if (deletion.ForgetServer)
        {
            using var remaining = connection.Command(write, "SELECT COUNT(*) FROM inventory WHERE server_id = @id").With("@id", id);
            if (remaining.ScalarInt64() == 0)
            {
                using var keys = connection.Command(write, "DELETE FROM api_keys WHERE server_id = @id").With("@id", id);
                keys.ExecuteNonQuery();
                using var server = connection.Command(write, "DELETE FROM servers WHERE server_id = @id").With("@id", id);
                server.ExecuteNonQuery();
            }
        }

        InsertHistory(connection, write, new DeployHistoryEntry
        {
            ServerId = deletion.ServerId,
            Action = DeployAction.Delete,
            Succeeded = true,
            Platform = deletion.Platform,
            ScriptName = deletion.ScriptName,
            Revision = deletion.Revision,
            PlanText = deletion.PlanText,
        }, now);
        write.Commit();
    }

    public async Task AppendDeployHistoryAsync(DeployHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        InsertHistory(connection, null, entry, NowMs());
    }

    public async Task<IReadOnlyList<DeployHistoryEntry>> ListDeployHistoryAsync(ServerId id, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT id, action, succeeded, platform, script_name, content_hash, revision, message, at, plan_text
            FROM deploy_history WHERE server_id = @id ORDER BY id DESC LIMIT @limit
            """).With("@id", id.ToString()).With("@limit", Math.Max(0, limit));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<DeployHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new DeployHistoryEntry
            {
                Id = reader.GetInt64(0),
                ServerId = id,
                Action = SqliteValues.ToDeployAction(reader.GetString(1)),
                Succeeded = reader.GetInt64(2) != 0,
                Platform = reader.GetStringOrNull(3),
                ScriptName = reader.GetStringOrNull(4),
                ContentHash = reader.GetStringOrNull(5),
                Revision = reader.GetStringOrNull(6),
                Message = reader.GetStringOrNull(7),
                At = reader.GetTime(8),
                PlanText = reader.GetStringOrNull(9),
            });
        }

        return entries;
    }

    public async Task<IReadOnlyList<InventoryEntry>> ListInventoryAsync(string? org, string? repo, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadInventory(connection, null, org, repo);
    }

    public async Task<int?> SetUsageTokenHashAsync(ServerId id, string tokenHash, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            UPDATE servers SET usage_token_hash = @hash, usage_token_version = usage_token_version + 1
            WHERE server_id = @id AND (@onlyIfAbsent = 0 OR usage_token_hash IS NULL)
            RETURNING usage_token_version
            """).With("@hash", tokenHash).With("@id", id.ToString()).With("@onlyIfAbsent", onlyIfAbsent ? 1 : 0);
        var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return version is null or DBNull ? null : Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string?> GetUsageTokenHashAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT usage_token_hash FROM servers WHERE server_id = @id").With("@id", id.ToString());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// The org/repo condition, present only for the parts given, so SQLite uses the (org, repo) index
    /// (<c>@org IS NULL OR org = @org</c> would scan). Values stay parameters; see <see cref="SqliteValues.WithOrgRepo"/>.
    /// </summary>
    private static string OrgRepoFilter(string? org, string? repo, string keyword) => (org, repo) switch
    {
        (null, null) => "",
        (not null, null) => $" {keyword} org = @org",
        (null, not null) => $" {keyword} repo = @repo",
        _ => $" {keyword} org = @org AND repo = @repo",
    };

    private static void InsertHistory(SqliteConnection connection, SqliteTransaction? transaction, DeployHistoryEntry entry, long now)
    {
        using var command = connection.Command(transaction, """
            INSERT INTO deploy_history (server_id, action, succeeded, platform, script_name, content_hash, revision, message, at, plan_text)
            VALUES (@id, @action, @succeeded, @platform, @script, @hash, @revision, @message, @at, @plan)
            """);
        command.With("@id", entry.ServerId.ToString()).With("@action", SqliteValues.ToWord(entry.Action)).With("@succeeded", entry.Succeeded ? 1 : 0)
            .With("@platform", entry.Platform).With("@script", entry.ScriptName).With("@hash", entry.ContentHash)
            .With("@revision", entry.Revision).With("@message", entry.Message).With("@at", now).With("@plan", entry.PlanText)
            .ExecuteNonQuery();
    }

    private static void ReadServersById(SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<ServerId> ids, Dictionary<string, ServerRecord> into)
    {
        using var command = connection.Command(transaction, $"SELECT {ServerColumns} FROM servers WHERE server_id = @id").With("@id", "");
        foreach (var id in ids)
        {
            command.Set("@id", id.ToString());
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                into[id.ToString()] = ReadServer(reader);
            }
        }
    }

    private static List<ServerRecord> ReadServers(SqliteConnection connection, SqliteTransaction? transaction, string? org, string? repo)
    {
        using var command = connection.Command(transaction, $"""
            SELECT {ServerColumns} FROM servers{OrgRepoFilter(org, repo, "WHERE")}
            ORDER BY first_seen_at, server_id
            """).WithOrgRepo(org, repo);
        using var reader = command.ExecuteReader();
        var servers = new List<ServerRecord>();
        while (reader.Read())
        {
            servers.Add(ReadServer(reader));
        }

        return servers;
    }

    private static ServerRecord ReadServer(SqliteDataReader reader) => new()
    {
        Id = new ServerId(reader.GetString(1), reader.GetString(2), reader.GetString(3)),
        FirstSeenAt = reader.GetTime(4),
        State = SqliteValues.ToServerState(reader.GetString(5)),
        Reason = reader.GetStringOrNull(6),
        ObservedRevision = reader.GetStringOrNull(7),
        LastAppliedRevision = reader.GetStringOrNull(8),
        ContentHash = reader.GetStringOrNull(9),
        EndpointUrl = reader.GetStringOrNull(10),
        ScriptName = reader.GetStringOrNull(11),
        LastReconcileAt = reader.GetTimeOrNull(12),
        UsageTokenVersion = (int)reader.GetInt64(13),
        StalledHash = reader.GetStringOrNull(14),
        MissingSecrets = reader.GetStringOrNull(15) is { Length: > 0 } missing
            ? missing.Split(',', StringSplitOptions.RemoveEmptyEntries).ToValueArray()
            : ValueArray<string>.Empty,
    };

    private static List<InventoryEntry> ReadInventory(SqliteConnection connection, SqliteTransaction? transaction, string? org, string? repo)
    {
        using var command = connection.Command(transaction, $"""
            SELECT {InventoryColumns} FROM inventory{OrgRepoFilter(org, repo, "WHERE")}
            ORDER BY server_id, script_name
            """).WithOrgRepo(org, repo);
        using var reader = command.ExecuteReader();
        var entries = new List<InventoryEntry>();
        while (reader.Read())
        {
            var serverId = ServerId.Parse(reader.GetString(0));
            entries.Add(new InventoryEntry
            {
                ServerId = serverId,
                Platform = reader.GetString(3),
                ScriptName = reader.GetString(4),
                ContentHash = reader.GetString(5),
                DeployedAt = reader.GetTime(6),
                SummaryJson = reader.IsDBNull(7) ? null : reader.GetString(7),
                Etag = reader.GetStringOrNull(8),
                ModifiedOn = reader.GetTimeOrNull(9),
                VersionId = reader.GetStringOrNull(10),
            });
        }

        return entries;
    }
}
