using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// What GitHub said a person may reach, reused for <see cref="SignInOptions.AccessCacheDuration"/> on
/// <see cref="TimeProvider"/>: their installations (by GitHub user id and session) and their role per org. Entries are
/// per session (a fingerprint of the session's token): what GitHub told one session never vouches for another, whose
/// token may have been revoked. Expired entries are dropped as new ones are added; at most <see cref="MaxEntries"/> are
/// kept (the oldest go first).
/// </summary>
public sealed class AccessCache(IOptions<SignInOptions> options, TimeProvider time)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, object Value)> _entries = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<UserInstallation>> InstallationsAsync(long userId, Func<Task<IReadOnlyList<UserInstallation>>> read, string session = "")
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(session);
        return (IReadOnlyList<UserInstallation>)await GetAsync($"i:{userId}:{session}", async () => await read().ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The role string GitHub gave (<c>admin</c>, <c>member</c>) or "" for none.</summary>
    public async Task<string> RoleAsync(long userId, string org, Func<Task<string?>> read, string session = "")
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(session);
        return (string)await GetAsync($"r:{userId}:{session}:{org.ToLowerInvariant()}", async () => await read().ConfigureAwait(false) ?? "").ConfigureAwait(false);
    }

    /// <summary>Forgets everything known about a person, in every session (they signed out, or GitHub refused their token).</summary>
    public void Forget(long userId)
    {
        foreach (var key in _entries.Keys.Where(k => k.StartsWith($"i:{userId}:", StringComparison.Ordinal) || k.StartsWith($"r:{userId}:", StringComparison.Ordinal)))
        {
            _entries.TryRemove(key, out _);
        }
    }

    private async Task<object> GetAsync(string key, Func<Task<object>> read)
    {
        var now = time.GetUtcNow();
        var duration = options.Value.AccessCacheDuration;
        if (_entries.TryGetValue(key, out var entry) && now - entry.At < duration)
        {
            return entry.Value;
        }

        var value = await read().ConfigureAwait(false);
        if (duration > TimeSpan.Zero)
        {
            Trim(now, duration);
            _entries[key] = (now, value);
        }

        return value;
    }

    private void Trim(DateTimeOffset now, TimeSpan duration)
    {
        if (_entries.Count < 1_000)
        {
            return; // small: expired entries are replaced when read again
        }

        foreach (var (key, entry) in _entries)
        {
            if (now - entry.At >= duration)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.At).Take(_entries.Count - MaxEntries + 1).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
