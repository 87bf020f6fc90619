using System.Globalization;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Collections;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    public async Task<UsageIngestStats> RecordUsageAsync(string org, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return new UsageIngestStats(0, 0);
        }

        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        var fresh = new List<UsageEvent>(events.Count);
        using (var insert = connection.Command(write, """
            INSERT INTO usage_events (server_id, event_id, tool, key_id, ok, error_kind, duration_ms, ts, received_at)
            VALUES (@server, @event, @tool, @key, @ok, @kind, @duration, @ts, @now)
            ON CONFLICT (server_id, event_id) DO NOTHING
            """))
        {
            insert.With("@server", "").With("@event", "").With("@tool", "").With("@key", null).With("@ok", 0)
                .With("@kind", null).With("@duration", 0L).With("@ts", 0L).With("@now", now);
            foreach (var e in events)
            {
                insert.Set("@server", e.ServerId.ToString());
                insert.Set("@event", e.EventId);
                insert.Set("@tool", e.Tool);
                insert.Set("@key", e.KeyId);
                insert.Set("@ok", e.Ok ? 1 : 0);
                insert.Set("@kind", e.ErrorKind);
                insert.Set("@duration", e.DurationMs);
                insert.Set("@ts", SqliteValues.ToUnixMs(e.Timestamp));
                if (insert.ExecuteNonQuery() > 0)
                {
                    fresh.Add(e);
                }
            }
        }

        // Roll the new events up, grouped first so each rollup row is written once per batch.
        using (var daily = RollupCommand(connection, write, "usage_daily", "day"))
        {
            foreach (var group in fresh.GroupBy(e => (Server: e.ServerId.ToString(), Period: Day(e.Timestamp), e.Tool, Key: e.KeyId ?? "")))
            {
                ExecuteRollup(daily, group.Key.Server, group.Key.Period, group.Key.Tool, group.Key.Key, org, group);
            }
        }

        using (var monthly = RollupCommand(connection, write, "usage_monthly", "month"))
        {
            foreach (var group in fresh.GroupBy(e => (Server: e.ServerId.ToString(), Period: UsageMonth.Of(e.Timestamp).ToString(), e.Tool, Key: e.KeyId ?? "")))
            {
                ExecuteRollup(monthly, group.Key.Server, group.Key.Period, group.Key.Tool, group.Key.Key, org, group);
            }
        }

        using (var orgMonthly = connection.Command(write, """
            INSERT INTO usage_org_monthly (org, month, calls) VALUES (@org, @month, @calls)
            ON CONFLICT (org, month) DO UPDATE SET calls = usage_org_monthly.calls + excluded.calls
            """).With("@org", org).With("@month", "").With("@calls", 0L))
        {
            // Refused calls are the server's calls, never the org's usage: the quota counts what was served.
            foreach (var group in fresh.Where(e => !UsageErrorKinds.IsRefusal(e.ErrorKind)).GroupBy(e => UsageMonth.Of(e.Timestamp).ToString()))
            {
                orgMonthly.Set("@month", group.Key);
                orgMonthly.Set("@calls", (long)group.Count());
                orgMonthly.ExecuteNonQuery();
            }
        }

        foreach (var server in fresh.Where(e => e.KeyId is not null).GroupBy(e => e.ServerId.ToString()))
        {
            TouchKeys(connection, write, server.Key,
                server.GroupBy(e => e.KeyId!).Select(k => (k.Key, k.Max(e => SqliteValues.ToUnixMs(e.Timestamp)))));
        }

        write.Commit();
        return new UsageIngestStats(fresh.Count, events.Count - fresh.Count);
    }

    public async Task<long> GetOrgCallsAsync(string org, UsageMonth month, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT COALESCE(SUM(calls), 0) FROM usage_org_monthly WHERE org = @org AND month = @month")
            .With("@org", org).With("@month", month.ToString());
        return command.ScalarInt64();
    }

    public async Task<UsageReport> GetUsageReportAsync(ServerId id, UsageMonth month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var server = id.ToString();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var read = BeginRead(connection);

        var byTool = new List<UsageByTool>();
        long refused = 0;
        using (var command = connection.Command(read, """
            SELECT tool, SUM(calls), SUM(errors), SUM(duration_ms), SUM(refused) FROM usage_monthly
            WHERE server_id = @id AND month = @month GROUP BY tool ORDER BY SUM(calls) DESC, tool
            """).With("@id", server).With("@month", month.ToString()))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                byTool.Add(new UsageByTool(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
                refused += reader.GetInt64(4);
            }
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = connection.Command(read, "SELECT key_id, name FROM api_keys WHERE server_id = @id ORDER BY revoked_at IS NULL, created_at")
            .With("@id", server))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names[reader.GetString(0)] = reader.GetString(1); // the active key's name wins over a revoked one's
            }
        }

        var byKey = new List<UsageByKey>();
        using (var command = connection.Command(read, """
            SELECT key_id, SUM(calls), SUM(errors) FROM usage_monthly
            WHERE server_id = @id AND month = @month GROUP BY key_id ORDER BY SUM(calls) DESC, key_id
            """).With("@id", server).With("@month", month.ToString()))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var keyId = reader.GetString(0) is { Length: > 0 } k ? k : null;
                byKey.Add(new UsageByKey(keyId, keyId is null ? null : names.GetValueOrDefault(keyId), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        var byDay = new List<UsageByDay>();
        using (var command = connection.Command(read, """
            SELECT day, SUM(calls), SUM(errors) FROM usage_daily
            WHERE server_id = @id AND day >= @from AND day < @to GROUP BY day ORDER BY day
            """).With("@id", server).With("@from", Day(month.Start)).With("@to", Day(month.Next.Start)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                byDay.Add(new UsageByDay(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        read.Commit();
        return new UsageReport
        {
            ServerId = id,
            Month = month,
            Calls = byTool.Sum(t => t.Calls),
            Errors = byTool.Sum(t => t.Errors),
            Refused = refused,
            ByTool = byTool.ToValueArray(),
            ByKey = byKey.ToValueArray(),
            ByDay = byDay.ToValueArray(),
        };
    }

    public async Task RecordDeliveryAsync(UsageDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var server = delivery.ServerId.ToString();
        var at = SqliteValues.ToUnixMs(delivery.At);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var last = connection.Command(write, """
            INSERT INTO usage_deliveries (server_id, last_delivery_at) VALUES (@server, @at)
            ON CONFLICT (server_id) DO UPDATE SET last_delivery_at =
                CASE WHEN excluded.last_delivery_at > usage_deliveries.last_delivery_at THEN excluded.last_delivery_at ELSE usage_deliveries.last_delivery_at END
            """).With("@server", server).With("@at", at))
        {
            last.ExecuteNonQuery();
        }

        if (delivery.Dropped > 0)
        {
            // A resent batch (same id) may report more drops than the first time (more were dropped meanwhile): keep
            // the larger count, once. Without an id every report is its own.
            using var drops = connection.Command(write, """
                INSERT INTO usage_drops (server_id, batch_id, dropped, received_at) VALUES (@server, @batch, @dropped, @at)
                ON CONFLICT (server_id, batch_id) DO UPDATE SET dropped =
                    CASE WHEN excluded.dropped > usage_drops.dropped THEN excluded.dropped ELSE usage_drops.dropped END
                """).With("@server", server).With("@batch", delivery.BatchId ?? $"unidentified:{Guid.NewGuid():N}")
                .With("@dropped", delivery.Dropped).With("@at", at);
            drops.ExecuteNonQuery();
        }

        write.Commit();
    }

    public async Task<UsageDeliveryReport> GetDeliveryAsync(ServerId id, UsageMonth month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var server = id.ToString();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var read = BeginRead(connection);
        DateTimeOffset? last = null;
        using (var command = connection.Command(read, "SELECT last_delivery_at FROM usage_deliveries WHERE server_id = @id").With("@id", server))
        {
            if (command.ExecuteScalar() is long ms)
            {
                last = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        long inMonth, total;
        using (var command = connection.Command(read, """
            SELECT COALESCE(SUM(CASE WHEN received_at >= @from AND received_at < @to THEN dropped ELSE 0 END), 0), COALESCE(SUM(dropped), 0)
            FROM usage_drops WHERE server_id = @id
            """).With("@id", server).With("@from", SqliteValues.ToUnixMs(month.Start)).With("@to", SqliteValues.ToUnixMs(month.Next.Start)))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            inMonth = reader.GetInt64(0);
            total = reader.GetInt64(1);
        }

        read.Commit();
        return new UsageDeliveryReport(last, inMonth, total);
    }

    public async Task<int> PruneUsageEventsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "DELETE FROM usage_events WHERE received_at < @before")
            .With("@before", SqliteValues.ToUnixMs(receivedBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static SqliteCommand RollupCommand(SqliteConnection connection, SqliteTransaction transaction, string table, string period) =>
        connection.Command(transaction, $"""
            INSERT INTO {table} (server_id, {period}, tool, key_id, org, calls, errors, duration_ms, refused)
            VALUES (@server, @period, @tool, @key, @org, @calls, @errors, @duration, @refused)
            ON CONFLICT (server_id, {period}, tool, key_id) DO UPDATE SET
                calls = {table}.calls + excluded.calls,
                errors = {table}.errors + excluded.errors,
                duration_ms = {table}.duration_ms + excluded.duration_ms,
                refused = {table}.refused + excluded.refused
            """).With("@server", "").With("@period", "").With("@tool", "").With("@key", "").With("@org", "")
            .With("@calls", 0L).With("@errors", 0L).With("@duration", 0L).With("@refused", 0L);

    private static void ExecuteRollup(SqliteCommand command, string server, string period, string tool, string key, string org, IEnumerable<UsageEvent> events)
    {
        long calls = 0, errors = 0, duration = 0, refused = 0;
        foreach (var e in events)
        {
            calls++;
            errors += e.Ok ? 0 : 1;
            duration += e.DurationMs;
            refused += UsageErrorKinds.IsRefusal(e.ErrorKind) ? 1 : 0;
        }

        command.Set("@server", server);
        command.Set("@period", period);
        command.Set("@tool", tool);
        command.Set("@key", key);
        command.Set("@org", org);
        command.Set("@calls", calls);
        command.Set("@errors", errors);
        command.Set("@duration", duration);
        command.Set("@refused", refused);
        command.ExecuteNonQuery();
    }
}
