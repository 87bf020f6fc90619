using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpSaas.GitHub.Auth;

/// <summary>
/// Caches one token per installation and mints a new one <see cref="RefreshBefore"/> (5 minutes) before
/// <c>expires_at</c>, on <see cref="TimeProvider"/>. Concurrent callers for one installation share one mint.
/// </summary>
public sealed partial class InstallationTokenCache : IInstallationTokens, IDisposable
{
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly IInstallationTokenMinter _minter;
    private readonly TimeProvider _time;
    private readonly ILogger<InstallationTokenCache> _logger;
    private readonly ConcurrentDictionary<long, InstallationToken> _tokens = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _minting = new();

    public InstallationTokenCache(IInstallationTokenMinter minter, TimeProvider timeProvider, ILogger<InstallationTokenCache> logger)
    {
        _minter = minter;
        _time = timeProvider;
        _logger = logger;
    }

    public async Task<InstallationToken> GetAsync(long installationId, CancellationToken cancellationToken)
    {
        if (Fresh(installationId) is { } cached)
        {
            return cached;
        }

        var gate = _minting.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(installationId) is { } minted)
            {
                return minted;
            }

            var token = await _minter.MintAsync(installationId, cancellationToken).ConfigureAwait(false);
            _tokens[installationId] = token;
            Log.TokenMinted(_logger, installationId, token.ExpiresAt);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Invalidate(long installationId) => _tokens.TryRemove(installationId, out _);

    public void Dispose()
    {
        foreach (var gate in _minting.Values)
        {
            gate.Dispose();
        }
    }

    private InstallationToken? Fresh(long installationId) =>
        _tokens.TryGetValue(installationId, out var token) && _time.GetUtcNow() < token.ExpiresAt - RefreshBefore ? token : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "GitHub installation {InstallationId}: minted an access token valid until {ExpiresAt:O}")]
        public static partial void TokenMinted(ILogger logger, long installationId, DateTimeOffset expiresAt);
    }
}
