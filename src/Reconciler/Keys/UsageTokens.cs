using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Per-server usage ingest tokens (<c>MCP_USAGE_TOKEN</c>), derived from the secrets key, the server id and the
/// token version: stable across deploys and recomputable whenever a Worker is (re)bound — the local runtime needs
/// it at every restart — yet never stored; the state store keeps only its hash, for the ingest check. Rotating
/// (<see cref="RotateAsync"/>) bumps <see cref="ServerRecord.UsageTokenVersion"/>, so the token changes and the
/// Worker must be redeployed with it.
/// <para>
/// Tokens are HMACs under the key derived for them (<see cref="SecretsKey.UsageTokenKey"/>, label "v2"). Servers
/// whose token was issued before, as an HMAC under the master key itself (label "v1"), keep it: the Worker holds it and
/// only its hash is stored, so the token of a version is the v1 one exactly when the stored hash is that token's.
/// The Worker keeps working across restarts and redeploys with that version; the next issued or rotated version is v2.
/// </para>
/// </summary>
public sealed partial class UsageTokens(IStateStore store, ISecretsKeyProvider keys, ILogger<UsageTokens>? logger = null)
{
    private const int RotateAttempts = 3;
    private static readonly byte[] LegacyLabel = Encoding.ASCII.GetBytes("mcpsaas usage token v1\n");
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("mcpsaas usage token v2\n");
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>The server's token of that version (its plaintext, for binding it to the Worker).</summary>
    /// <exception cref="SecretUnavailableException">The secrets key is missing or unusable.</exception>
    public async Task<SensitiveToken> TokenAsync(ServerId serverId, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var key = await keys.GetKeyAsync(createIfMissing: true, cancellationToken).ConfigureAwait(false);
        if (key.Key is not { } secretsKey)
        {
            throw new SecretUnavailableException($"the usage token of {serverId} cannot be derived: {key.Error}");
        }

        var token = Derive(secretsKey.UsageTokenKey, Label, serverId, version);
        var stored = await store.GetUsageTokenHashAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (stored is not null && !ApiKeys.Matches(token.Reveal(), stored))
        {
            // Issued before keys were derived: the deployed Worker holds the v1 token of this version; keep it.
            var legacy = Derive(secretsKey.LegacyBytes, LegacyLabel, serverId, version);
            if (ApiKeys.Matches(legacy.Reveal(), stored))
            {
                return legacy;
            }
        }

        return token;
    }

    /// <summary>Whether the server's current token is one issued before keys were derived (v1): rotating it moves it to v2.</summary>
    public async Task<bool> IsLegacyAsync(ServerId serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var server = await store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        var stored = await store.GetUsageTokenHashAsync(serverId, cancellationToken).ConfigureAwait(false);
        var key = await keys.GetKeyAsync(createIfMissing: false, cancellationToken).ConfigureAwait(false);
        return server is not null && stored is not null && key.Key is { } secretsKey
            && ApiKeys.Matches(Derive(secretsKey.LegacyBytes, LegacyLabel, serverId, server.UsageTokenVersion).Reveal(), stored);
    }

    private static SensitiveToken Derive(ReadOnlySpan<byte> key, byte[] label, ServerId serverId, int version)
    {
        var mac = HMACSHA256.HashData(key, [.. label, .. Encoding.UTF8.GetBytes($"{serverId}\n{version}")]);
        return new SensitiveToken(ApiKeys.UsageTokenPrefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }

    /// <summary>
    /// Issues the server's token when it has none. <see cref="UsageTokenIssue.Token"/> is set only for the call that
    /// issued it; later calls (and a racing process) get <c>null</c> and the current version.
    /// </summary>
    public async Task<UsageTokenIssue> IssueAsync(ServerId serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var server = await store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            return Unknown(serverId);
        }

        if (await store.GetUsageTokenHashAsync(serverId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new UsageTokenIssue(null, server.UsageTokenVersion, null);
        }

        // The store bumps the version as it stores the hash: the token is the one of the next version.
        var token = await TokenAsync(serverId, server.UsageTokenVersion + 1, cancellationToken).ConfigureAwait(false);
        var version = await store.SetUsageTokenHashAsync(serverId, ApiKeys.Hash(token.Reveal()), onlyIfAbsent: true, cancellationToken).ConfigureAwait(false);
        if (version is not { } issued)
        {
            var current = await store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
            return current is null ? Unknown(serverId) : new UsageTokenIssue(null, current.UsageTokenVersion, null);
        }

        await AuditAsync(serverId, "usage-token.issue", issued, cancellationToken).ConfigureAwait(false);
        Log.TokenIssued(_logger, serverId.ToString(), issued);
        return new UsageTokenIssue(token, issued, null);
    }

    /// <summary>Replaces the server's token (the old one stops working at once) and returns the new one.</summary>
    public async Task<UsageTokenIssue> RotateAsync(ServerId serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        for (var attempt = 0; attempt < RotateAttempts; attempt++)
        {
            var server = await store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
            if (server is null)
            {
                return Unknown(serverId);
            }

            var expected = server.UsageTokenVersion + 1;
            var token = await TokenAsync(serverId, expected, cancellationToken).ConfigureAwait(false);
            var version = await store.SetUsageTokenHashAsync(serverId, ApiKeys.Hash(token.Reveal()), onlyIfAbsent: false, cancellationToken).ConfigureAwait(false);
            if (version is not { } rotated)
            {
                return Unknown(serverId);
            }

            if (rotated == expected)
            {
                await AuditAsync(serverId, "usage-token.rotate", rotated, cancellationToken).ConfigureAwait(false);
                Log.TokenIssued(_logger, serverId.ToString(), rotated);
                return new UsageTokenIssue(token, rotated, null);
            }

            // Another process rotated at the same moment: the stored hash is not of this version's token; again.
        }

        return new UsageTokenIssue(null, 0, $"the usage token of '{serverId}' is being rotated by another process: try again");
    }

    private static UsageTokenIssue Unknown(ServerId serverId) =>
        new(null, 0, $"unknown server '{serverId}': record it (EnsureServersAsync) before issuing its usage token");

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
