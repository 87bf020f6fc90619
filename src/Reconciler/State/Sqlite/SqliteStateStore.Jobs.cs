using System.Globalization;
using McpSaas.Reconciler.Jobs;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>The durable job queue (<see cref="IJobQueue"/>): one table, a partial unique index per pending work item.</summary>
public sealed partial class SqliteStateStore : IJobQueue
{
    private const string JobColumns = """
        id, repo_key, kind, triggers, installation_id, repository_id, commit_sha, before_sha, order_key, pr_number, from_fork,
        rename_owner, rename_name, delivery_id, state, attempts, run_after, lease_owner, lease_until, error_class, last_error,
        result_json, created_at, finished_at
        """;

    public async Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        var result = EnqueueCore(connection, write, request, NowMs());
        write.Commit();
        return result;
    }

    public async Task<JobRecord?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        RecoverExpiredLeases(connection, write, now);
        using var claim = connection.Command(write, $"""
            UPDATE jobs SET state = 'running', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
            WHERE id = (
                SELECT j.id FROM jobs j
                WHERE j.state = 'pending' AND j.run_after <= @now
                  AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.repo_key = j.repo_key AND r.state = 'running')
                ORDER BY j.run_after, j.id LIMIT 1)
            RETURNING {JobColumns}
            """).With("@owner", owner).With("@until", now + (long)lease.TotalMilliseconds).With("@now", now);
        JobRecord? job = null;
        using (var reader = claim.ExecuteReader())
        {
            if (reader.Read())
            {
                job = ReadJob(reader);
            }
        }

        write.Commit();
        return job;
    }

    public async Task<bool> RenewLeaseAsync(long jobId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            UPDATE jobs SET lease_until = @until, updated_at = @now WHERE id = @id AND lease_owner = @owner AND state = 'running'
            """).With("@until", now + (long)lease.TotalMilliseconds).With("@now", now).With("@id", jobId).With("@owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> CompleteAsync(long jobId, string owner, string? resultJson, CancellationToken cancellationToken)
    {
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            UPDATE jobs SET state = 'succeeded', result_json = @result, lease_owner = NULL, lease_until = NULL,
                error_class = NULL, last_error = NULL, finished_at = @now, updated_at = @now
            WHERE id = @id AND lease_owner = @owner AND state = 'running'
            """).With("@result", resultJson).With("@now", now).With("@id", jobId).With("@owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> FailAsync(long jobId, string owner, JobFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        string? key;
        using (var find = connection.Command(write, "SELECT coalesce_key FROM jobs WHERE id = @id AND lease_owner = @owner AND state = 'running'")
            .With("@id", jobId).With("@owner", owner))
        {
            key = find.ExecuteScalar() as string;
        }

        if (key is null)
        {
            return false;
        }

        string state;
        if (failure.RetryAt is null)
        {
            state = failure.ErrorClass == JobErrorClass.Stalled ? "stalled" : "failed";
        }
        else
        {
            // A newer pending job for the same work covers this one (it has the newest commit): merge into it.
            state = HasPending(connection, write, key) ? "superseded" : "pending";
        }

        using (var update = connection.Command(write, """
            UPDATE jobs SET state = @state, run_after = COALESCE(@retryAt, run_after), lease_owner = NULL, lease_until = NULL,
                error_class = @class, last_error = @error, updated_at = @now,
                finished_at = CASE WHEN @state IN ('pending') THEN NULL ELSE @now END
            WHERE id = @id
            """))
        {
            update.With("@state", state).With("@retryAt", failure.RetryAt is { } at ? SqliteValues.ToUnixMs(at) : null)
                .With("@class", ToWord(failure.ErrorClass)).With("@error", failure.Message).With("@now", now).With("@id", jobId)
                .ExecuteNonQuery();
        }

        if (state == "superseded")
        {
            using var carry = connection.Command(write, """
                UPDATE jobs SET error_class = @class, last_error = @error WHERE coalesce_key = @key AND state = 'pending'
                """).With("@class", ToWord(failure.ErrorClass)).With("@error", failure.Message).With("@key", key);
            carry.ExecuteNonQuery();
        }

        write.Commit();
        return true;
    }

    public async Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"SELECT {JobColumns} FROM jobs WHERE id = @id").With("@id", jobId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadJob(reader) : null;
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(string? repoKey, int limit, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"""
            SELECT {JobColumns} FROM jobs{(repoKey is null ? "" : " WHERE repo_key = @key")} ORDER BY id DESC LIMIT @limit
            """).With("@limit", Math.Max(0, limit));
        if (repoKey is not null)
        {
            command.With("@key", repoKey);
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    public async Task<JobQueueStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT state, COUNT(*) FROM jobs WHERE state IN ('pending', 'running', 'stalled', 'failed') GROUP BY state");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return new JobQueueStats(
            counts.GetValueOrDefault("pending"), counts.GetValueOrDefault("running"), counts.GetValueOrDefault("stalled"), counts.GetValueOrDefault("failed"));
    }

    public async Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            DELETE FROM jobs WHERE state IN ('succeeded', 'stalled', 'failed', 'superseded') AND finished_at < @before
              AND id NOT IN (SELECT MAX(id) FROM jobs GROUP BY repo_key)
            """).With("@before", SqliteValues.ToUnixMs(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enqueue inside a caller's write transaction (the webhook inbox records delivery and jobs together).</summary>
    private static EnqueueResult EnqueueCore(SqliteConnection connection, SqliteTransaction write, JobRequest request, long now)
    {
        var key = request.CoalesceKey;
        var runAfter = request.RunAfter is { } at ? SqliteValues.ToUnixMs(at) : now;

        if (request.Trigger == JobTriggers.Periodic && LatestJobStalled(connection, write, request.RepoKey))
        {
            return new EnqueueResult(EnqueueOutcome.SkippedStalled, null);
        }

        // Out-of-order deliveries: only a head newer than the newest seen for this work is queued.
        if (request.CommitSha is { } sha && request.Kind is JobKind.Reconcile or JobKind.Plan)
        {
            using var head = connection.Command(write, "SELECT commit_sha, before_sha, order_key FROM job_heads WHERE coalesce_key = @key").With("@key", key);
            using (var reader = head.ExecuteReader())
            {
                if (reader.Read() && !JobHeads.IsNewer(sha, request.BeforeSha, request.Order, reader.GetString(0), reader.GetStringOrNull(1), reader.GetInt64OrNull(2)))
                {
                    return new EnqueueResult(EnqueueOutcome.Stale, null);
                }
            }

            using var record = connection.Command(write, """
                INSERT INTO job_heads (coalesce_key, commit_sha, before_sha, order_key, updated_at) VALUES (@key, @sha, @before, @order, @now)
                ON CONFLICT (coalesce_key) DO UPDATE SET commit_sha = excluded.commit_sha, before_sha = excluded.before_sha,
                    order_key = excluded.order_key, updated_at = excluded.updated_at
                """).With("@key", key).With("@sha", sha).With("@before", request.BeforeSha).With("@order", request.Order).With("@now", now);
            record.ExecuteNonQuery();
        }

        long? pendingId;
        using (var find = connection.Command(write, "SELECT id FROM jobs WHERE coalesce_key = @key AND state = 'pending'").With("@key", key))
        {
            pendingId = find.ExecuteScalar() is long id ? id : null;
        }

        if (pendingId is { } existing)
        {
            // Merge: triggers joined, the earliest time kept, a specific commit replaces "the branch head" and a newer
            // commit replaces an older one (the head check above let only newer ones through).
            using var merge = connection.Command(write, """
                UPDATE jobs SET
                    triggers = triggers | @trigger,
                    run_after = MIN(run_after, @runAfter),
                    commit_sha = COALESCE(@sha, commit_sha),
                    before_sha = CASE WHEN @sha IS NULL THEN before_sha ELSE @before END,
                    order_key = CASE WHEN @sha IS NULL THEN order_key ELSE @order END,
                    from_fork = CASE WHEN @sha IS NULL THEN from_fork ELSE @fork END,
                    installation_id = COALESCE(@installation, installation_id),
                    rename_owner = COALESCE(@renameOwner, rename_owner),
                    rename_name = COALESCE(@renameName, rename_name),
                    delivery_id = COALESCE(@delivery, delivery_id),
                    updated_at = @now
                WHERE id = @id
                """);
            merge.With("@trigger", (int)request.Trigger).With("@runAfter", runAfter).With("@sha", request.CommitSha)
                .With("@before", request.BeforeSha).With("@order", request.Order).With("@fork", request.FromFork ? 1 : 0)
                .With("@installation", request.InstallationId).With("@renameOwner", request.RenameToOwner).With("@renameName", request.RenameToName)
                .With("@delivery", request.DeliveryId).With("@now", now).With("@id", existing)
                .ExecuteNonQuery();
            return new EnqueueResult(EnqueueOutcome.Coalesced, existing);
        }

        using var insert = connection.Command(write, """
            INSERT INTO jobs (repo_key, kind, coalesce_key, triggers, installation_id, repository_id, commit_sha, before_sha, order_key,
                pr_number, from_fork, rename_owner, rename_name, delivery_id, state, run_after, created_at, updated_at)
            VALUES (@repo, @kind, @key, @trigger, @installation, @repository, @sha, @before, @order,
                @pr, @fork, @renameOwner, @renameName, @delivery, 'pending', @runAfter, @now, @now)
            RETURNING id
            """);
        insert.With("@repo", request.RepoKey).With("@kind", ToWord(request.Kind)).With("@key", key).With("@trigger", (int)request.Trigger)
            .With("@installation", request.InstallationId).With("@repository", request.RepositoryId).With("@sha", request.CommitSha)
            .With("@before", request.BeforeSha).With("@order", request.Order).With("@pr", request.PullRequestNumber)
            .With("@fork", request.FromFork ? 1 : 0).With("@renameOwner", request.RenameToOwner).With("@renameName", request.RenameToName)
            .With("@delivery", request.DeliveryId).With("@runAfter", runAfter).With("@now", now);
        var newId = insert.ScalarInt64();
        return new EnqueueResult(EnqueueOutcome.Created, newId);
    }

    /// <summary>Running jobs whose lease expired (their runner died) go back to pending, or merge into a newer pending one.</summary>
    private static void RecoverExpiredLeases(SqliteConnection connection, SqliteTransaction write, long now)
    {
        var expired = new List<(long Id, string Key)>();
        using (var find = connection.Command(write, "SELECT id, coalesce_key FROM jobs WHERE state = 'running' AND lease_until <= @now").With("@now", now))
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var (id, key) in expired)
        {
            var state = HasPending(connection, write, key) ? "superseded" : "pending";
            using var update = connection.Command(write, """
                UPDATE jobs SET state = @state, lease_owner = NULL, lease_until = NULL, error_class = 'transient',
                    last_error = 'the runner holding this job stopped before finishing it (lease expired)', updated_at = @now,
                    finished_at = CASE WHEN @state = 'pending' THEN NULL ELSE @now END
                WHERE id = @id
                """).With("@state", state).With("@now", now).With("@id", id);
            update.ExecuteNonQuery();
        }
    }

    private static bool HasPending(SqliteConnection connection, SqliteTransaction write, string key)
    {
        using var command = connection.Command(write, "SELECT COUNT(*) FROM jobs WHERE coalesce_key = @key AND state = 'pending'").With("@key", key);
        return command.ScalarInt64() > 0;
    }

    private static bool LatestJobStalled(SqliteConnection connection, SqliteTransaction write, string repoKey)
    {
        using var command = connection.Command(write, """
            SELECT state FROM jobs WHERE repo_key = @repo AND kind = 'reconcile' ORDER BY id DESC LIMIT 1
            """).With("@repo", repoKey);
        return command.ExecuteScalar() as string == "stalled";
    }

    private static JobRecord ReadJob(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        RepoKey = reader.GetString(1),
        Kind = ToJobKind(reader.GetString(2)),
        Triggers = (JobTriggers)reader.GetInt64(3),
        InstallationId = reader.GetInt64OrNull(4),
        RepositoryId = reader.GetInt64OrNull(5),
        CommitSha = reader.GetStringOrNull(6),
        BeforeSha = reader.GetStringOrNull(7),
        Order = reader.GetInt64OrNull(8),
        PullRequestNumber = reader.GetInt64OrNull(9) is { } pr ? (int)pr : null,
        FromFork = reader.GetInt64(10) != 0,
        RenameToOwner = reader.GetStringOrNull(11),
        RenameToName = reader.GetStringOrNull(12),
        DeliveryId = reader.GetStringOrNull(13),
        State = ToJobState(reader.GetString(14)),
        Attempts = (int)reader.GetInt64(15),
        RunAfter = reader.GetTime(16),
        LeaseOwner = reader.GetStringOrNull(17),
        LeaseUntil = reader.GetTimeOrNull(18),
        ErrorClass = reader.GetStringOrNull(19) is { } c ? ToErrorClass(c) : null,
        LastError = reader.GetStringOrNull(20),
        ResultJson = reader.GetStringOrNull(21),
        CreatedAt = reader.GetTime(22),
        FinishedAt = reader.GetTimeOrNull(23),
    };

    private static string ToWord(JobKind kind) => kind switch
    {
        JobKind.Reconcile => "reconcile",
        JobKind.Plan => "plan",
        JobKind.Rename => "rename",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static JobKind ToJobKind(string word) => word switch
    {
        "reconcile" => JobKind.Reconcile,
        "plan" => JobKind.Plan,
        "rename" => JobKind.Rename,
        _ => throw new StateStoreException($"unknown job kind '{word}' in the state store"),
    };

    private static JobState ToJobState(string word) => word switch
    {
        "pending" => JobState.Pending,
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "stalled" => JobState.Stalled,
        "failed" => JobState.Failed,
        "superseded" => JobState.Superseded,
        _ => throw new StateStoreException($"unknown job state '{word}' in the state store"),
    };

    private static string ToWord(JobErrorClass errorClass) => errorClass switch
    {
        JobErrorClass.Transient => "transient",
        JobErrorClass.Waiting => "waiting",
        JobErrorClass.Stalled => "stalled",
        _ => throw new ArgumentOutOfRangeException(nameof(errorClass), errorClass, null),
    };

    private static JobErrorClass ToErrorClass(string word) => word switch
    {
        "transient" => JobErrorClass.Transient,
        "waiting" => JobErrorClass.Waiting,
        "stalled" => JobErrorClass.Stalled,
        _ => throw new StateStoreException(string.Create(CultureInfo.InvariantCulture, $"unknown job error class '{word}' in the state store")),
    };
}
