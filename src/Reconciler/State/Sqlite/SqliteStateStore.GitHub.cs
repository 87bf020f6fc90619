using System.Globalization;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Schema.Collections;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>GitHub installations and repositories by id (<see cref="IGitHubStore"/>) and the webhook inbox (<see cref="IWebhookInbox"/>).</summary>
public sealed partial class SqliteStateStore : IGitHubStore, IWebhookInbox
{
    private const string RepositoryColumns = """
        repository_id, installation_id, identity_installation_id, owner, name, default_branch, clone_url, private, removed, updated_at
        """;

    public async Task<DeliveryResult> RecordDeliveryAsync(WebhookDelivery delivery, DeliveryEffect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(effect);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var seen = connection.Command(write, "SELECT COUNT(*) FROM webhook_deliveries WHERE delivery_id = @id").With("@id", delivery.DeliveryId))
        {
            if (seen.ScalarInt64() > 0)
            {
                write.Commit();
                return new DeliveryResult(DeliveryOutcome.Duplicate, ValueArray<EnqueueResult>.Empty);
            }
        }

        var results = new List<EnqueueResult>();
        if (effect.Installation is { } installation)
        {
            UpsertInstallation(connection, write, installation, now);
        }

        foreach (var repository in effect.Repositories)
        {
            if (SeeRepository(connection, write, repository, now) is { } rename)
            {
                results.Add(EnqueueCore(connection, write, rename with { DeliveryId = delivery.DeliveryId }, now));
            }
        }

        foreach (var job in effect.Jobs)
        {
            results.Add(EnqueueCore(connection, write, job with { DeliveryId = delivery.DeliveryId }, now));
        }

        if (effect.ReconcileAllOfInstallation is { } all)
        {
            foreach (var repository in ReadRepositories(connection, write, "WHERE installation_id = @installation AND removed = 0", c => c.With("@installation", all)))
            {
                results.Add(EnqueueCore(connection, write, new JobRequest
                {
                    RepoKey = repository.RepoKey,
                    Kind = JobKind.Reconcile,
                    Trigger = JobTriggers.Webhook,
                    InstallationId = repository.InstallationId,
                    RepositoryId = repository.RepositoryId,
                    DeliveryId = delivery.DeliveryId,
                }, now));
            }
        }

        var jobIds = string.Join(',', results.Where(r => r.JobId is not null).Select(r => r.JobId!.Value.ToString(CultureInfo.InvariantCulture)).Distinct());
        using (var insert = connection.Command(write, """
            INSERT INTO webhook_deliveries (delivery_id, event, action, summary, job_ids, received_at) VALUES (@id, @event, @action, @summary, @jobs, @now)
            """))
        {
            insert.With("@id", delivery.DeliveryId).With("@event", delivery.Event).With("@action", delivery.Action)
                .With("@summary", effect.Summary).With("@jobs", jobIds).With("@now", now)
                .ExecuteNonQuery();
        }

        write.Commit();
        return new DeliveryResult(DeliveryOutcome.Recorded, results.ToValueArray());
    }

    public async Task<WebhookDeliveryRecord?> GetDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT delivery_id, event, action, summary, job_ids, received_at FROM webhook_deliveries WHERE delivery_id = @id")
            .With("@id", deliveryId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new WebhookDeliveryRecord
        {
            DeliveryId = reader.GetString(0),
            Event = reader.GetString(1),
            Action = reader.GetStringOrNull(2),
            Summary = reader.GetString(3),
            JobIds = reader.GetString(4),
            ReceivedAt = reader.GetTime(5),
        };
    }

    public async Task<int> CountDeliveriesAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT COUNT(*) FROM webhook_deliveries");
        return (int)command.ScalarInt64();
    }

    public async Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "DELETE FROM webhook_deliveries WHERE received_at < @before").With("@before", SqliteValues.ToUnixMs(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GitHubInstallationRecord?> GetInstallationAsync(long installationId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadInstallations(connection, "WHERE installation_id = @id", c => c.With("@id", installationId)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<GitHubInstallationRecord>> ListInstallationsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadInstallations(connection, "", _ => { });
    }

    public async Task<GitHubRepositoryRecord?> GetRepositoryAsync(long repositoryId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadRepositories(connection, null, "WHERE repository_id = @id", c => c.With("@id", repositoryId)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<GitHubRepositoryRecord>> ListRepositoriesAsync(long? installationId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return installationId is { } id
            ? ReadRepositories(connection, null, "WHERE installation_id = @installation", c => c.With("@installation", id))
            : ReadRepositories(connection, null, "", _ => { });
    }

    public async Task<IReadOnlyList<GitHubRepositoryRecord>> ListActiveRepositoriesAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadRepositories(connection, null, """
            WHERE removed = 0 AND installation_id IN (SELECT installation_id FROM github_installations WHERE status = 'active')
            """, _ => { });
    }

    private static void UpsertInstallation(SqliteConnection connection, SqliteTransaction write, InstallationSeen installation, long now)
    {
        // Events about repositories name the installation only by id: they create it when unknown but never
        // overwrite what an installation event said.
        using var command = connection.Command(write, """
            INSERT INTO github_installations (installation_id, account_id, account_login, account_type, repository_selection, status, created_at, updated_at)
            VALUES (@id, @accountId, @login, @type, @selection, COALESCE(@status, 'active'), @now, @now)
            ON CONFLICT (installation_id) DO UPDATE SET
                account_id = CASE WHEN @status IS NULL THEN account_id ELSE COALESCE(@accountId, account_id) END,
                account_login = CASE WHEN @status IS NULL THEN account_login ELSE COALESCE(@loginOrNull, account_login) END,
                account_type = CASE WHEN @status IS NULL THEN account_type ELSE COALESCE(@type, account_type) END,
                repository_selection = COALESCE(@selection, repository_selection),
                status = COALESCE(@status, status),
                updated_at = @now
            """);
        command.With("@id", installation.InstallationId).With("@accountId", installation.AccountId)
            .With("@login", installation.AccountLogin ?? installation.InstallationId.ToString(CultureInfo.InvariantCulture))
            .With("@loginOrNull", installation.AccountLogin).With("@type", installation.AccountType)
            .With("@selection", installation.RepositorySelection).With("@status", installation.Status is { } s ? ToWord(s) : null)
            .With("@now", now)
            .ExecuteNonQuery();
    }

    /// <summary>Records a repository by id; returns a rename job when a known id shows new names (the rename itself runs in the queue).</summary>
    private static JobRequest? SeeRepository(SqliteConnection connection, SqliteTransaction write, RepositorySeen repository, long now)
    {
        var existing = ReadRepositories(connection, write, "WHERE repository_id = @id", c => c.With("@id", repository.RepositoryId)).FirstOrDefault();
        if (existing is null)
        {
            using var insert = connection.Command(write, """
                INSERT INTO github_repositories (repository_id, installation_id, identity_installation_id, owner, name, default_branch, clone_url,
                    private, removed, created_at, updated_at)
                VALUES (@id, @installation, @installation, @owner, @name, @branch, @clone, @private, @removed, @now, @now)
                """);
            insert.With("@id", repository.RepositoryId).With("@installation", repository.InstallationId).With("@owner", repository.Owner)
                .With("@name", repository.Name).With("@branch", repository.DefaultBranch).With("@clone", repository.CloneUrl)
                .With("@private", repository.Private == true ? 1 : 0).With("@removed", repository.Removed ? 1 : 0).With("@now", now)
                .ExecuteNonQuery();
            return null;
        }

        using (var update = connection.Command(write, """
            UPDATE github_repositories SET installation_id = @installation, default_branch = COALESCE(@branch, default_branch),
                clone_url = COALESCE(@clone, clone_url), private = COALESCE(@private, private), removed = @removed, updated_at = @now
            WHERE repository_id = @id
            """))
        {
            update.With("@installation", repository.InstallationId).With("@branch", repository.DefaultBranch).With("@clone", repository.CloneUrl)
                .With("@private", repository.Private is { } p ? (p ? 1 : 0) : null).With("@removed", repository.Removed ? 1 : 0)
                .With("@now", now).With("@id", repository.RepositoryId)
                .ExecuteNonQuery();
        }

        if (string.Equals(existing.Owner, repository.Owner, StringComparison.Ordinal) && string.Equals(existing.Name, repository.Name, StringComparison.Ordinal))
        {
            return null;
        }

        return new JobRequest
        {
            RepoKey = existing.RepoKey,
            Kind = JobKind.Rename,
            Trigger = JobTriggers.Webhook,
            InstallationId = repository.InstallationId,
            RepositoryId = repository.RepositoryId,
            RenameToOwner = repository.Owner,
            RenameToName = repository.Name,
        };
    }

    private static List<GitHubInstallationRecord> ReadInstallations(SqliteConnection connection, string where, Action<SqliteCommand> bind)
    {
        using var command = connection.Command(null, $"""
            SELECT installation_id, account_id, account_login, account_type, repository_selection, status, updated_at
            FROM github_installations {where} ORDER BY account_login, installation_id
            """);
        bind(command);
        using var reader = command.ExecuteReader();
        var list = new List<GitHubInstallationRecord>();
        while (reader.Read())
        {
            list.Add(new GitHubInstallationRecord
            {
                InstallationId = reader.GetInt64(0),
                AccountId = reader.GetInt64OrNull(1),
                AccountLogin = reader.GetString(2),
                AccountType = reader.GetStringOrNull(3),
                RepositorySelection = reader.GetStringOrNull(4),
                Status = ToInstallationStatus(reader.GetString(5)),
                UpdatedAt = reader.GetTime(6),
            });
        }

        return list;
    }

    private static List<GitHubRepositoryRecord> ReadRepositories(SqliteConnection connection, SqliteTransaction? transaction, string where, Action<SqliteCommand> bind)
    {
        using var command = connection.Command(transaction, $"SELECT {RepositoryColumns} FROM github_repositories {where} ORDER BY owner, name");
        bind(command);
        using var reader = command.ExecuteReader();
        var list = new List<GitHubRepositoryRecord>();
        while (reader.Read())
        {
            list.Add(new GitHubRepositoryRecord
            {
                RepositoryId = reader.GetInt64(0),
                InstallationId = reader.GetInt64(1),
                IdentityInstallationId = reader.GetInt64(2),
                Owner = reader.GetString(3),
                Name = reader.GetString(4),
                DefaultBranch = reader.GetStringOrNull(5),
                CloneUrl = reader.GetStringOrNull(6),
                Private = reader.GetInt64(7) != 0,
                Removed = reader.GetInt64(8) != 0,
                UpdatedAt = reader.GetTime(9),
            });
        }

        return list;
    }

    private static string ToWord(InstallationStatus status) => status switch
    {
        InstallationStatus.Active => "active",
        InstallationStatus.Suspended => "suspended",
        InstallationStatus.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static InstallationStatus ToInstallationStatus(string word) => word switch
    {
        "active" => InstallationStatus.Active,
        "suspended" => InstallationStatus.Suspended,
        "deleted" => InstallationStatus.Deleted,
        _ => throw new StateStoreException($"unknown installation status '{word}' in the state store"),
    };
}
