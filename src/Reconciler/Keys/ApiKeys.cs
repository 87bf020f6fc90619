using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Keys;

/// <summary>
/// API keys and tokens: generation, hashing, key ids and constant-time checks. One shared definition, used by the
/// key commands, the usage ingest and (through <c>MCP_KEY_HASHES</c>) the Worker:
/// <list type="bullet">
/// <item>a key is <c>mcps_</c> + 32 random bytes in base64url without padding (48 characters);</item>
/// <item>its hash is the lowercase hex SHA-256 of its UTF-8 bytes (what the Worker compares against);</item>
/// <item>its key id is the first <see cref="KeyIdLength"/> hex characters of the hash: what usage events carry
/// (<c>keyId</c>), so a call is attributed to a key without the key or its full hash leaving the Worker.</item>
/// </list>
/// </summary>
public static class ApiKeys
{
    public const string KeyPrefix = "mcps_";

    public const string UsageTokenPrefix = "mcpu_";

    public const int RandomBytes = 32;

    public const int KeyIdLength = 12;

    /// <summary>A new API key: its plaintext (show it once), hash and key id.</summary>
    public static GeneratedApiKey Generate()
    {
        var key = NewToken(KeyPrefix);
        var hash = Hash(key);
        return new GeneratedApiKey(new SensitiveToken(key), hash, KeyIdOf(hash));
    }

    /// <summary>A new random token with the given prefix (<see cref="UsageTokenPrefix"/> for usage ingest tokens).</summary>
    public static string NewToken(string prefix) =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes.</summary>
    public static string Hash(string keyOrToken)
    {
        ArgumentNullException.ThrowIfNull(keyOrToken);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyOrToken)));
    }

    /// <summary>The key id of a key whose hash is <paramref name="hash"/>: its first <see cref="KeyIdLength"/> hex characters.</summary>
    public static string KeyIdOf(string hash)
    {
        if (!IsHash(hash))
        {
            throw new ArgumentException("not a lowercase hex SHA-256 hash", nameof(hash));
        }

        return hash[..KeyIdLength];
    }

    /// <summary>Whether the text is a lowercase hex SHA-256 (64 characters).</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Whether a presented key or token matches a stored hash, in time independent of where they differ.</summary>
    public static bool Matches(string? presented, string? storedHash)
    {
        if (presented is null || storedHash is null)
        {
            return false;
        }

        return FixedTimeEquals(Hash(presented), storedHash);
    }

    /// <summary>Compares two strings in constant time for a given length (the lengths themselves are not secret).</summary>
    public static bool FixedTimeEquals(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }
}
