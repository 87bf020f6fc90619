using System.Globalization;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>Reads for the status UI: usage series, the last calls, per-server monthly calls, known orgs.</summary>
public sealed partial class SqliteStateStore
{
    public async Task<IReadOnlyList<UsageDayRow>> ListDailyUsageAsync(ServerId id, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT day, tool, key_id, calls, errors, refused, duration_ms FROM usage_daily
            WHERE server_id = @id AND day >= @from AND day < @to ORDER BY day, tool, key_id
            """).With("@id", id.ToString()).With("@from", DayText(from)).With("@to", DayText(to));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<UsageDayRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UsageDayRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2) is { Length: > 0 } key ? key : null,
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<RecentCall>> ListRecentCallsAsync(ServerId id, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // ix_usage_events_server_ts: a backwards range scan of this server's events, stopping after `limit`.
        using var command = connection.Command(null, """
            SELECT ts, tool, key_id, ok, error_kind, duration_ms FROM usage_events
            WHERE server_id = @id ORDER BY ts DESC, event_id DESC LIMIT @limit
            """).With("@id", id.ToString()).With("@limit", Math.Clamp(limit, 0, 10_000));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var calls = new List<RecentCall>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            calls.Add(new RecentCall(reader.GetTime(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetInt64(3) != 0,
                reader.GetStringOrNull(4), reader.GetInt64(5)));
        }

        return calls;
    }

    public async Task<IReadOnlyList<ServerMonthCalls>> ListServerCallsAsync(string org, UsageMonth month, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT server_id, SUM(calls), SUM(errors), SUM(refused) FROM usage_monthly
            WHERE org = @org AND month = @month GROUP BY server_id ORDER BY server_id
            """).With("@org", org).With("@month", month.ToString());
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var calls = new List<ServerMonthCalls>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ServerId.TryParse(reader.GetString(0), out var id))
            {
                calls.Add(new ServerMonthCalls(id, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return calls;
    }

    public async Task<BusiestMinute?> GetBusiestMinuteAsync(string org, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT e.server_id, e.ts / 60000 AS minute, COUNT(*) AS calls
            FROM servers s JOIN usage_events e ON e.server_id = s.server_id AND e.ts >= @since
            WHERE s.org = @org
            GROUP BY e.server_id, minute ORDER BY calls DESC, minute DESC LIMIT 1
            """).With("@org", org).With("@since", SqliteValues.ToUnixMs(since));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && ServerId.TryParse(reader.GetString(0), out var id)
            ? new BusiestMinute(id, SqliteValues.FromUnixMs(reader.GetInt64(1) * 60_000), reader.GetInt64(2))
            : null;
    }

    public async Task<IReadOnlyList<string>> ListKnownOrgsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT org FROM servers UNION SELECT org FROM repos UNION SELECT org FROM orgs UNION SELECT org FROM secrets
            ORDER BY 1
            """);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var orgs = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orgs.Add(reader.GetString(0));
        }

        return orgs;
    }

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
