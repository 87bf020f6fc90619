using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// What McpSaas records on every Worker it creates (Cloudflare tags / local metadata), so only owned Workers
/// are ever changed or deleted; ownership is never guessed from names. A platform that can hold only short
/// values (Cloudflare tags) records keys in hashed form (<see cref="KeyHash"/>) and a prefix of the content hash.
/// </summary>
/// <param name="Owner">The McpSaas installation that owns it: <c>local</c> or <c>gh:&lt;installation id&gt;</c>.</param>
/// <param name="StableKey">The server's stable identity (<see cref="Identity.ServerIdentity.StableKey"/>), or <c>sha256:&lt;KeyHash&gt;</c> of it.</param>
/// <param name="ServerId">The readable server id when it was deployed, where the platform can record it (null on Cloudflare: the inventory has it).</param>
/// <param name="ContentHash">The content hash of the deployment, or a prefix of at least 16 hex characters of it; null when not recorded.</param>
public sealed record Ownership(string Owner, string StableKey, string? ServerId, string? ContentHash)
{
    /// <summary>The hashed form of a stable key in <see cref="StableKey"/>.</summary>
    public const string HashedKeyPrefix = "sha256:";

    /// <summary>The shortest content hash prefix that counts as a record of the content.</summary>
    public const int MinContentPrefix = 16;

    /// <summary><see cref="KeyHash"/> of the repository's stable prefix (<see cref="RepoContext.StablePrefix"/>), where the platform records it.</summary>
    public string? RepoKey { get; init; }

    /// <summary>Whether the recorded content (full hash or prefix) is the deployment with this content hash.</summary>
    public bool HasContent(string contentHash) =>
        ContentHash is { Length: >= MinContentPrefix } recorded && contentHash.StartsWith(recorded, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether it records the server with this stable key (in full or hashed).</summary>
    public bool IsServer(string stableKey) =>
        StableKey == stableKey || StableKey == HashedKeyPrefix + KeyHash(stableKey);

    /// <summary>Whether both records name the same server of the same owner (stable keys in full or hashed, either side).</summary>
    public bool IsSameServer(Ownership other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Owner == other.Owner && (StableKey == other.StableKey || IsServer(other.StableKey) || other.IsServer(StableKey));
    }

    /// <summary>The first 128 bits of SHA-256 of a key, lowercase hex: what a platform with short values records.</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
