using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// Receives a Worker's usage batch: checks its size, parses and validates it, authenticates the per-server token
/// against the stored hash in constant time (an unknown server is answered exactly like a wrong token), records the
/// events dated in the current or previous month (UTC; older ones are acknowledged, not counted; idempotent on event
/// id), the delivery time and the drops the batch reports (once per batch id), and answers with the org's quota
/// verdict for the current month (UTC, from the injected clock).
/// </summary>
public sealed partial class UsageIngestService(IStateStore store, TimeProvider timeProvider, UsageIngestOptions options, ILogger<UsageIngestService>? logger = null)
{
    /// <summary>What a refused token (or an unknown server) is told.</summary>
    public const string NotThisServersToken = "the bearer token is not this server's usage token";

    // The shape of a stored hash (64 hex digits) that no token hashes to: compared when the server has none.
    private static readonly string NoServerHash = new('-', 64);

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public UsageIngestOptions Options => options;

    /// <param name="bearerToken">The token from <c>Authorization: Bearer …</c>, or <c>null</c> when absent.</param>
    /// <param name="body">The request body (the endpoint stops reading past <see cref="UsageIngestOptions.MaxBatchBytes"/>).</param>
    public async Task<UsageIngestResult> IngestAsync(string? bearerToken, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(bearerToken))
        {
            return Refuse(null, UsageIngestStatus.Unauthorized, "missing bearer token: send Authorization: Bearer <MCP_USAGE_TOKEN>");
        }

        var parsed = UsageBatchParser.Parse(body.Span, options);
        if (parsed.Batch is not { } batch)
        {
            return Refuse(null, parsed.TooLarge ? UsageIngestStatus.TooLarge : UsageIngestStatus.BadRequest, parsed.Error!);
        }

        // An unknown server and a wrong token get the same answer, after the same work (a hash compared in constant
        // time): the answer never tells which server ids exist.
        var server = await store.GetServerAsync(batch.ServerId, cancellationToken).ConfigureAwait(false);
        var storedHash = await store.GetUsageTokenHashAsync(batch.ServerId, cancellationToken).ConfigureAwait(false);
        if (!ApiKeys.Matches(bearerToken, storedHash ?? NoServerHash) || server is null)
        {
            Log.TokenRefused(_logger, batch.ServerId.ToString(), server is null ? "no such server" : "wrong token");
            return UsageIngestResult.Refused(UsageIngestStatus.Unauthorized, NotThisServersToken);
        }

        // Events dated in the future count when received (a fast clock cannot move calls into next month); events
        // dated before the previous month are acknowledged but not counted (an outbox must not retry them forever,
        // and old months are closed). Redeliveries inside the window still dedupe: raw events are kept longer.
        var now = timeProvider.GetUtcNow();
        var latest = now + options.MaxClockSkew;
        var earliest = UsageMonth.Of(now).Previous.Start;
        var events = batch.Events.Where(e => e.Timestamp >= earliest).Select(e => e.Timestamp > latest ? e with { Timestamp = now } : e).ToList();
        var skipped = batch.Events.Count - events.Count;
        if (skipped > 0)
        {
            Log.EventsTooOld(_logger, batch.ServerId.ToString(), skipped, earliest);
        }

        var stats = await store.RecordUsageAsync(server.Id.Org, events, cancellationToken).ConfigureAwait(false);
        // After the events: a crash in between loses no drop count (the Worker sends the batch again, same id).
        await store.RecordDeliveryAsync(new UsageDelivery(server.Id, batch.BatchId, batch.Dropped, now), cancellationToken).ConfigureAwait(false);
        var quota = await GetQuotaAsync(server.Id.Org, cancellationToken).ConfigureAwait(false);
        Log.BatchAccepted(_logger, batch.ServerId.ToString(), stats.Inserted, stats.Duplicates, quota.Used, quota.Exceeded);
        return UsageIngestResult.Accepted(new UsageReply { Accepted = batch.Events.Count, Skipped = skipped, Quota = quota }, stats);
    }

    /// <summary>The org's verdict for the current month: limit from its entitlement (null = unlimited), used over all its servers.</summary>
    public async Task<QuotaVerdict> GetQuotaAsync(string org, CancellationToken cancellationToken)
    {
        var entitlement = await store.GetEntitlementAsync(org, cancellationToken).ConfigureAwait(false);
        var used = await store.GetOrgCallsAsync(org, UsageMonth.Of(timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return QuotaVerdict.For(entitlement.Limits.CallsPerMonth, used);
    }

    private UsageIngestResult Refuse(ServerId? server, UsageIngestStatus status, string reason)
    {
        Log.BatchRefused(_logger, server?.ToString() ?? "(unknown)", status, reason);
        return UsageIngestResult.Refused(status, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Usage batch for {ServerId}: {Inserted} new, {Duplicates} already counted; org used {Used} this month (exceeded: {Exceeded})")]
        public static partial void BatchAccepted(ILogger logger, string serverId, int inserted, int duplicates, long used, bool exceeded);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Usage batch for {ServerId} refused ({Status}): {Reason}")]
        public static partial void BatchRefused(ILogger logger, string serverId, UsageIngestStatus status, string reason);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Usage batch for {ServerId} refused (Unauthorized): {Why}")]
        public static partial void TokenRefused(ILogger logger, string serverId, string why);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Usage batch for {ServerId}: {Skipped} event(s) dated before {Earliest:o} acknowledged but not counted")]
        public static partial void EventsTooOld(ILogger logger, string serverId, int skipped, DateTimeOffset earliest);
    }
}
