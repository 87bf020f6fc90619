using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Per-server usage ingest tokens (<c>MCP_USAGE_TOKEN</c>): random, generated once per server, stored only as a
/// hash. The plaintext is returned to the one caller that binds it to the Worker; McpSaas cannot show it again.
/// A caller that lost it rotates (<see cref="RotateAsync"/>): a new token, a bumped
/// <see cref="ServerRecord.UsageTokenVersion"/>, and the Worker must be redeployed with it.
/// </summary>
public sealed partial class UsageTokens(IStateStore store, ILogger<UsageTokens>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Issues the server's token when it has none. <see cref="UsageTokenIssue.Token"/> is set only for the call that
    /// issued it; later calls (and a racing process) get <c>null</c> and the current version.
    /// </summary>
    public async Task<UsageTokenIssue> IssueAsync(ServerId serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var token = ApiKeys.NewToken(ApiKeys.UsageTokenPrefix);
        var version = await store.SetUsageTokenHashAsync(serverId, ApiKeys.Hash(token), onlyIfAbsent: true, cancellationToken).ConfigureAwait(false);
        if (version is { } issued)
        {
            await AuditAsync(serverId, "usage-token.issue", issued, cancellationToken).ConfigureAwait(false);
            Log.TokenIssued(_logger, serverId.ToString(), issued);
            return new UsageTokenIssue(new SensitiveToken(token), issued, null);
        }

        var server = await store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return server is null
            ? new UsageTokenIssue(null, 0, $"unknown server '{serverId}': record it (EnsureServersAsync) before issuing its usage token")
            : new UsageTokenIssue(null, server.UsageTokenVersion, null);
    }

    /// <summary>Replaces the server's token (the old one stops working at once) and returns the new one.</summary>
    public async Task<UsageTokenIssue> RotateAsync(ServerId serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var token = ApiKeys.NewToken(ApiKeys.UsageTokenPrefix);
        var version = await store.SetUsageTokenHashAsync(serverId, ApiKeys.Hash(token), onlyIfAbsent: false, cancellationToken).ConfigureAwait(false);
        if (version is not { } rotated)
        {
            return new UsageTokenIssue(null, 0, $"unknown server '{serverId}': record it (EnsureServersAsync) before issuing its usage token");
        }

        await AuditAsync(serverId, "usage-token.rotate", rotated, cancellationToken).ConfigureAwait(false);
        Log.TokenIssued(_logger, serverId.ToString(), rotated);
        return new UsageTokenIssue(new SensitiveToken(token), rotated, null);
    }

    private Task AuditAsync(ServerId serverId, string action, int version, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(new AuditEntry
        {
            Actor = "mcpsaas",
            Action = action,
            Org = serverId.Org,
            Target = serverId.ToString(),
            Detail = $"usage ingest token version {version}",
        }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Usage ingest token version {Version} issued for {ServerId}")]
        public static partial void TokenIssued(ILogger logger, string serverId, int version);
    }
}
