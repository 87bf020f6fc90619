using System.Text.RegularExpressions;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// <see cref="ISecretStore"/> over the state store's sealed rows (<see cref="ISecretRowStore"/>). Values are
/// sealed with <see cref="SecretCipher"/> before they reach the store and are never logged: log events and audit
/// entries name the secret, its scope and version only.
/// </summary>
public sealed partial class SecretStore(IStateStore store, ISecretsKeyProvider keys, ILogger<SecretStore>? logger = null) : ISecretStore
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Secret names: the reference syntax of manifest-v1.md rule 3.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The largest secret value, in UTF-8 bytes: Cloudflare's limit for one Worker secret (5 KB), the same locally.</summary>
    public const int MaxValueBytes = 5 * 1024;

    /// <summary>The error for a value over <see cref="MaxValueBytes"/> (never the value).</summary>
    public static string TooLarge(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"the value is {bytes:N0} bytes; a secret holds at most {MaxValueBytes:N0} bytes (a Cloudflare Worker secret's limit): store a smaller value (a token, not a file)");

    public async Task<SecretWriteResult> SetAsync(SecretScope scope, string name, SecretValue value, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValidName(name))
        {
            return new SecretWriteResult(null, $"'{name}' is not a valid secret name: use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }

        if (value.Reveal().Length == 0)
        {
            return new SecretWriteResult(null, "the value is empty: a secret needs a value");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(value.Reveal()) is var bytes && bytes > MaxValueBytes)
        {
            return new SecretWriteResult(null, TooLarge(bytes));
        }

        var key = await keys.GetKeyAsync(createIfMissing: false, cancellationToken).ConfigureAwait(false);
        if (key.Status == SecretsKeyStatus.Missing)
        {
            var sealedCount = await store.CountSealedSecretsAsync(cancellationToken).ConfigureAwait(false);
            if (sealedCount > 0)
            {
                return new SecretWriteResult(null,
                    $"{key.Error}; the state store holds {sealedCount} secret(s) sealed with a key that is not here, "
                    + "so no new key is generated: restore the key file (or set MCPSAAS_SECRETS_KEY) and try again");
            }

            key = await keys.GetKeyAsync(createIfMissing: true, cancellationToken).ConfigureAwait(false);
        }

        if (key.Key is not { } secretsKey)
        {
            return new SecretWriteResult(null, key.Error);
        }

        var row = await store.PutSecretAsync(scope.Org, scope.Repo, name,
            v => SecretCipher.Seal(secretsKey, scope.Org, scope.Repo, name, v, value), cancellationToken).ConfigureAwait(false);
        await store.AppendAuditAsync(new AuditEntry
        {
            Actor = actor,
            Action = "secret.set",
            Org = scope.Org,
            Target = $"secret {name}",
            Detail = $"{scope}, version {row.Version}",
        }, cancellationToken).ConfigureAwait(false);
        Log.SecretSet(_logger, name, scope.ToString(), row.Version);
        return new SecretWriteResult(ToInfo(row), null);
    }

    public async Task<bool> RemoveAsync(SecretScope scope, string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!await store.DeleteSecretAsync(scope.Org, scope.Repo, name, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await store.AppendAuditAsync(new AuditEntry { Actor = actor, Action = "secret.remove", Org = scope.Org, Target = $"secret {name}", Detail = scope.ToString() }, cancellationToken)
            .ConfigureAwait(false);
        Log.SecretRemoved(_logger, name, scope.ToString());
        return true;
    }

    public async Task<IReadOnlyList<SecretInfo>> ListAsync(string org, CancellationToken cancellationToken)
    {
        var rows = await store.ListSecretRowsAsync(org, includeDeleted: false, cancellationToken).ConfigureAwait(false);
        return rows.Select(ToInfo).ToList();
    }

    public async Task<IReadOnlyDictionary<string, SecretInfo>> ResolveAsync(string org, string repo, CancellationToken cancellationToken)
    {
        var rows = await store.ListSecretRowsAsync(org, includeDeleted: false, cancellationToken).ConfigureAwait(false);
        var resolved = new Dictionary<string, SecretInfo>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Repo is null))
        {
            resolved[row.Name] = ToInfo(row);
        }

        foreach (var row in rows.Where(r => string.Equals(r.Repo, repo, StringComparison.Ordinal)))
        {
            resolved[row.Name] = ToInfo(row);
        }

        return resolved;
    }

    public async Task<SecretReadResult> RevealAsync(string org, string repo, string name, CancellationToken cancellationToken)
    {
        var row = await store.GetSecretRowAsync(org, repo, name, cancellationToken).ConfigureAwait(false)
            ?? await store.GetSecretRowAsync(org, null, name, cancellationToken).ConfigureAwait(false);
        if (row?.Sealed is not { } sealedValue)
        {
            return SecretReadResult.NotFound(
                $"secret '{name}' is not set for org '{org}' or repo '{org}/{repo}': set it with `mcpsaas secrets set {org} {name}` (value on stdin)");
        }

        var info = ToInfo(row);
        var key = await keys.GetKeyAsync(createIfMissing: false, cancellationToken).ConfigureAwait(false);
        if (key.Key is not { } secretsKey)
        {
            Log.SecretUnreadable(_logger, name, info.Scope.ToString(), "no usable key");
            return SecretReadResult.Unreadable(info, $"secret '{name}' ({info.Scope}) cannot be decrypted: {key.Error}");
        }

        if (!secretsKey.Sealed(sealedValue.KeyFingerprint))
        {
            Log.SecretUnreadable(_logger, name, info.Scope.ToString(), "another key");
            return SecretReadResult.Unreadable(info,
                $"secret '{name}' ({info.Scope}) was sealed with another key (fingerprint {KeyOf(sealedValue.KeyFingerprint)}) than the one in use "
                + $"({secretsKey.Fingerprint}, from {secretsKey.Source}): restore that key, or set the secret again");
        }

        var value = SecretCipher.Open(secretsKey, row.Org, row.Repo, row.Name, row.Version, sealedValue);
        if (value is null)
        {
            Log.SecretUnreadable(_logger, name, info.Scope.ToString(), "authentication failed");
            return SecretReadResult.Unreadable(info,
                $"secret '{name}' ({info.Scope}) failed its integrity check: the stored data was changed or belongs to another secret; set it again");
        }

        return SecretReadResult.Found(info, value);
    }

    /// <summary>The master key's fingerprint in a row's fingerprint (either scheme).</summary>
    private static string KeyOf(string keyFingerprint) =>
        keyFingerprint.StartsWith(SecretsKey.SealingFingerprintPrefix, StringComparison.Ordinal) ? keyFingerprint[SecretsKey.SealingFingerprintPrefix.Length..] : keyFingerprint;

    private static SecretInfo ToInfo(SecretRow row) => new()
    {
        Scope = SecretScope.Of(row.Org, row.Repo),
        Name = row.Name,
        Version = row.Version,
        UpdatedAt = row.UpdatedAt,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Secret {Name} set in {Scope} (version {Version})")]
        public static partial void SecretSet(ILogger logger, string name, string scope, int version);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Secret {Name} removed from {Scope}")]
        public static partial void SecretRemoved(ILogger logger, string name, string scope);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Secret {Name} in {Scope} cannot be decrypted: {Why}")]
        public static partial void SecretUnreadable(ILogger logger, string name, string scope, string why);
    }
}
