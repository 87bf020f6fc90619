using System.Text.Json;
using McpSaas.Reconciler.Reporting;
using McpSaas.Schema.Collections;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>The report outbox (<see cref="IReportOutbox"/>): one row per pending report key, and what was posted to GitHub.</summary>
public sealed partial class SqliteStateStore : IReportOutbox
{
    private const string ReportColumns = "id, report_key, kind, repository_id, payload_json, revision, attempts, run_after, created_at, last_error";

    public async Task EnqueueReportsAsync(IReadOnlyList<ReportRequest> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            return;
        }

        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using var upsert = connection.Command(write, """
            INSERT INTO report_outbox (report_key, kind, repository_id, payload_json, revision, attempts, run_after, created_at, updated_at)
            VALUES (@key, @kind, @repository, @payload, 1, 0, @now, @now, @now)
            ON CONFLICT (report_key) DO UPDATE SET payload_json = excluded.payload_json, kind = excluded.kind,
                revision = report_outbox.revision + 1, updated_at = excluded.updated_at
            """).With("@key", "").With("@kind", "").With("@repository", 0L).With("@payload", "").With("@now", now);
        foreach (var report in reports)
        {
            upsert.Set("@key", report.Key);
            upsert.Set("@kind", report.Kind);
            upsert.Set("@repository", report.RepositoryId);
            upsert.Set("@payload", report.PayloadJson);
            upsert.ExecuteNonQuery();
        }

        write.Commit();
    }

    public async Task<ReportItem?> ClaimReportAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using var claim = connection.Command(write, $"""
            UPDATE report_outbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
            WHERE id = (
                SELECT id FROM report_outbox
                WHERE run_after <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY id LIMIT 1)
            RETURNING {ReportColumns}
            """).With("@owner", owner).With("@until", now + (long)lease.TotalMilliseconds).With("@now", now);
        ReportItem? item = null;
        using (var reader = claim.ExecuteReader())
        {
            if (reader.Read())
            {
                item = ReadReport(reader);
            }
        }

        write.Commit();
        return item;
    }

    public async Task<bool> CompleteReportAsync(long id, long revision, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using var delete = connection.Command(write, "DELETE FROM report_outbox WHERE id = @id AND revision = @revision").With("@id", id).With("@revision", revision);
        var done = delete.ExecuteNonQuery() > 0;
        if (!done)
        {
            // A newer report replaced this one while it was posted: due again at once, from a clean slate.
            using var release = connection.Command(write, """
                UPDATE report_outbox SET lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = @now WHERE id = @id
                """).With("@id", id).With("@now", NowMs());
            release.ExecuteNonQuery();
        }

        write.Commit();
        return done;
    }

    public async Task RetryReportAsync(long id, DateTimeOffset runAfter, string error, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            UPDATE report_outbox SET lease_owner = NULL, lease_until = NULL, run_after = @after, last_error = @error, updated_at = @now WHERE id = @id
            """).With("@id", id).With("@after", SqliteValues.ToUnixMs(runAfter)).With("@error", error).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DropReportAsync(long id, long revision, CancellationToken cancellationToken) =>
        await CompleteReportAsync(id, revision, cancellationToken).ConfigureAwait(false);

    public async Task<ReportItem?> GetReportAsync(string key, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"SELECT {ReportColumns} FROM report_outbox WHERE report_key = @key").With("@key", key);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadReport(reader) : null;
    }

    public async Task<int> CountReportsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT COUNT(*) FROM report_outbox");
        return (int)command.ScalarInt64();
    }

    public async Task<IReadOnlyList<ReportItem>> ListReportsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, $"SELECT {ReportColumns} FROM report_outbox ORDER BY run_after, id");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<ReportItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadReport(reader));
        }

        return items;
    }

    public async Task<DateTimeOffset?> NextReportDueAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > run_after THEN lease_until ELSE run_after END) FROM report_outbox
            """);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : SqliteValues.FromUnixMs(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<CheckRunRecord?> GetCheckRunAsync(long repositoryId, string headSha, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT check_run_id, html_url, annotations_json, output_sha256, conclusion_sha256 FROM github_check_runs WHERE repository_id = @repository AND head_sha = @sha
            """).With("@repository", repositoryId).With("@sha", headSha);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var annotations = JsonSerializer.Deserialize(reader.GetString(2), SqliteJsonContext.Default.StringArray) ?? [];
        return new CheckRunRecord(repositoryId, headSha, reader.GetInt64(0), reader.GetStringOrNull(1), annotations.ToValueArray(),
            reader.GetStringOrNull(3), reader.GetStringOrNull(4));
    }

    public async Task SaveCheckRunAsync(CheckRunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO github_check_runs (repository_id, head_sha, check_run_id, html_url, annotations_json, output_sha256, conclusion_sha256, updated_at)
            VALUES (@repository, @sha, @id, @url, @annotations, @output, @conclusion, @now)
            ON CONFLICT (repository_id, head_sha) DO UPDATE SET check_run_id = excluded.check_run_id, html_url = excluded.html_url,
                annotations_json = excluded.annotations_json, output_sha256 = excluded.output_sha256, conclusion_sha256 = excluded.conclusion_sha256,
                updated_at = excluded.updated_at
            """).With("@repository", record.RepositoryId).With("@output", record.OutputHash).With("@conclusion", record.ConclusionHash).With("@sha", record.HeadSha).With("@id", record.CheckRunId).With("@url", record.HtmlUrl)
            .With("@annotations", JsonSerializer.Serialize([.. record.Annotations], SqliteJsonContext.Default.StringArray)).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PostedStatus?> GetPostedStatusAsync(long repositoryId, string sha, string context, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT state, description, target_url, posts FROM github_statuses WHERE repository_id = @repository AND sha = @sha AND context = @context
            """).With("@repository", repositoryId).With("@sha", sha).With("@context", context);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new PostedStatus(repositoryId, sha, context, reader.GetString(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetInt32(3))
            : null;
    }

    public async Task SavePostedStatusAsync(PostedStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO github_statuses (repository_id, sha, context, state, description, target_url, posts, updated_at)
            VALUES (@repository, @sha, @context, @state, @description, @url, @posts, @now)
            ON CONFLICT (repository_id, sha, context) DO UPDATE SET state = excluded.state, description = excluded.description,
                target_url = excluded.target_url, posts = excluded.posts, updated_at = excluded.updated_at
            """).With("@repository", status.RepositoryId).With("@sha", status.Sha).With("@context", status.Context).With("@state", status.State)
            .With("@description", status.Description).With("@url", status.TargetUrl).With("@posts", status.Posts).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PostedComment?> GetPostedCommentAsync(long repositoryId, int number, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT comment_id, body_sha256 FROM github_pr_comments WHERE repository_id = @repository AND pr_number = @number
            """).With("@repository", repositoryId).With("@number", number);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new PostedComment(repositoryId, number, reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    public async Task SavePostedCommentAsync(PostedComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            INSERT INTO github_pr_comments (repository_id, pr_number, comment_id, body_sha256, updated_at) VALUES (@repository, @number, @id, @hash, @now)
            ON CONFLICT (repository_id, pr_number) DO UPDATE SET comment_id = excluded.comment_id, body_sha256 = excluded.body_sha256, updated_at = excluded.updated_at
            """).With("@repository", comment.RepositoryId).With("@number", comment.Number).With("@id", comment.CommentId)
            .With("@hash", comment.BodySha256).With("@now", NowMs());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ForgetPostedCommentAsync(long repositoryId, int number, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "DELETE FROM github_pr_comments WHERE repository_id = @repository AND pr_number = @number")
            .With("@repository", repositoryId).With("@number", number);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneReportMemoryAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = SqliteValues.ToUnixMs(before);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        var removed = 0;
        foreach (var table in new[] { "github_check_runs", "github_statuses", "github_pr_comments" })
        {
            using var delete = connection.Command(write, $"DELETE FROM {table} WHERE updated_at < @cutoff").With("@cutoff", cutoff);
            removed += delete.ExecuteNonQuery();
        }

        write.Commit();
        return removed;
    }

    private static ReportItem ReadReport(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Key = reader.GetString(1),
        Kind = reader.GetString(2),
        RepositoryId = reader.GetInt64(3),
        PayloadJson = reader.GetString(4),
        Revision = reader.GetInt64(5),
        Attempts = reader.GetInt32(6),
        RunAfter = reader.GetTime(7),
        CreatedAt = reader.GetTime(8),
        LastError = reader.GetStringOrNull(9),
    };
}
