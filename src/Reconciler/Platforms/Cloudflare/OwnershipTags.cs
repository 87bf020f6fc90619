using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// McpSaas's ownership of a Worker, recorded in its Cloudflare tags within Cloudflare's rules (at most 8 tags per
/// script, none containing <c>,</c> or <c>&amp;</c>). Five tags, all lowercase <c>[a-z0-9-]</c> (no <c>:</c>, which
/// the list filter <c>?tags=name:yes</c> uses), at most 47 characters each:
/// <list type="table">
/// <item><term><c>mcpsaas</c></term><description>marker: every script any McpSaas deployed (filter <c>mcpsaas:yes</c>)</description></item>
/// <item><term><c>mcpsaas-owner-local</c>, <c>mcpsaas-owner-gh-&lt;installation&gt;</c></term><description>the owner (<c>local</c> or <c>gh:&lt;installation&gt;</c>, <c>:</c> written <c>-</c>)</description></item>
/// <item><term><c>mcpsaas-server-&lt;32 hex&gt;</c></term><description>the server: the first 128 bits of SHA-256(stable key); stable keys hold <c>/</c> and <c>:</c> and may be long, so they are hashed</description></item>
/// <item><term><c>mcpsaas-repo-&lt;32 hex&gt;</c></term><description>the repository: the first 128 bits of SHA-256 of the stable key's repository prefix (<c>RepoContext.StablePrefix</c>), so a repository's plan knows its own scripts</description></item>
/// <item><term><c>mcpsaas-content-&lt;16 hex&gt;</c></term><description>the first 64 bits of the deployment's content hash; or
/// <c>mcpsaas-pending-&lt;16 hex&gt;</c> while a new script's deploy is not finished (uploaded, but its secrets and workers.dev not yet set)</description></item>
/// </list>
/// A script is McpSaas's only when all five decode (exactly one of each); anything else is not ours and is never changed.
/// </summary>
public static class OwnershipTags
{
    public const int MaxTags = 8;

    public const string Marker = "mcpsaas";

    public const int ServerKeyLength = 32;

    public const int ContentPrefixLength = 16;

    private const string OwnerPrefix = "mcpsaas-owner-";
    private const string ServerPrefix = "mcpsaas-server-";
    private const string RepoPrefix = "mcpsaas-repo-";
    private const string ContentPrefix = "mcpsaas-content-";
    private const string PendingPrefix = "mcpsaas-pending-";

    /// <summary>The list filter for every script any McpSaas deployed (<c>GET …/workers/scripts?tags=…</c>).</summary>
    public const string AnyOwnerFilter = Marker + ":yes";

    /// <summary>The five tags of a deployment.</summary>
    /// <param name="owner"><c>local</c> or <c>gh:&lt;installation id&gt;</c>.</param>
    /// <param name="stableKey">The server's stable key (<c>ServerIdentity.StableKey</c>): <c>&lt;repository prefix&gt;&lt;name&gt;</c>.</param>
    /// <param name="contentHash">The deployment's content hash (hex, at least 16 characters).</param>
    /// <param name="pending">The deploy is not finished (a new script: secrets and workers.dev follow the upload).</param>
    public static IReadOnlyList<string> Encode(string owner, string stableKey, string contentHash, bool pending = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(stableKey);
        return Encode(owner, ServerKeyOf(stableKey), RepoKeyOf(stableKey), contentHash, pending);
    }

    /// <summary>The five tags from keys already hashed (as read back from a script: <see cref="CloudflareOwnership"/>).</summary>
    /// <param name="serverKey">32 lowercase hex characters (<see cref="ServerKeyOf"/>).</param>
    /// <param name="repoKey">32 lowercase hex characters (<see cref="RepoKeyOf"/>).</param>
    public static IReadOnlyList<string> Encode(string owner, string serverKey, string repoKey, string contentHash, bool pending)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        if (!IsLowerHex(serverKey ?? "", ServerKeyLength) || !IsLowerHex(repoKey ?? "", ServerKeyLength))
        {
            throw new ArgumentException($"server and repository keys must be {ServerKeyLength} lowercase hex characters");
        }

        if (contentHash.Length < ContentPrefixLength || !contentHash.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"content hash '{contentHash}' is not hex of at least {ContentPrefixLength} characters", nameof(contentHash));
        }

        return
        [
            Marker,
            OwnerPrefix + EncodeOwner(owner),
            ServerPrefix + serverKey,
            RepoPrefix + repoKey,
            (pending ? PendingPrefix : ContentPrefix) + contentHash[..ContentPrefixLength].ToLowerInvariant(),
        ];
    }

    /// <summary>Reads McpSaas's ownership from a script's tags; false when the script is not (unambiguously) McpSaas's.</summary>
    public static bool TryDecode(IEnumerable<string>? tags, out CloudflareOwnership? ownership)
    {
        ownership = null;
        if (tags is null)
        {
            return false;
        }

        var list = tags.ToList();
        if (!list.Contains(Marker))
        {
            return false;
        }

        var owners = list.Where(t => t.StartsWith(OwnerPrefix, StringComparison.Ordinal)).ToList();
        var servers = list.Where(t => t.StartsWith(ServerPrefix, StringComparison.Ordinal)).ToList();
        var repos = list.Where(t => t.StartsWith(RepoPrefix, StringComparison.Ordinal)).ToList();
        var contents = list.Where(t => t.StartsWith(ContentPrefix, StringComparison.Ordinal) || t.StartsWith(PendingPrefix, StringComparison.Ordinal)).ToList();
        if (owners.Count != 1 || servers.Count != 1 || repos.Count != 1 || contents.Count != 1)
        {
            return false;
        }

        var owner = DecodeOwner(owners[0][OwnerPrefix.Length..]);
        var server = servers[0][ServerPrefix.Length..];
        var repo = repos[0][RepoPrefix.Length..];
        var pending = contents[0].StartsWith(PendingPrefix, StringComparison.Ordinal);
        var content = contents[0][(pending ? PendingPrefix : ContentPrefix).Length..];
        if (owner is null || !IsLowerHex(server, ServerKeyLength) || !IsLowerHex(repo, ServerKeyLength) || !IsLowerHex(content, ContentPrefixLength))
        {
            return false;
        }

        ownership = new CloudflareOwnership(owner, server, content) { RepoKey = repo, Pending = pending };
        return true;
    }

    /// <summary>The list filter for the scripts of one owner (<c>mcpsaas-owner-…:yes</c>).</summary>
    public static string OwnerFilter(string owner) => $"{OwnerPrefix}{EncodeOwner(owner)}:yes";

    /// <summary>The server part of the tags: the first 32 hex characters of SHA-256(stable key).</summary>
    public static string ServerKeyOf(string stableKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(stableKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stableKey)))[..ServerKeyLength];
    }

    /// <summary>
    /// The repository part of the tags: the first 32 hex characters of SHA-256 of the stable key up to and including its
    /// last <c>/</c> (<c>RepoContext.StablePrefix</c>: <c>local:&lt;org&gt;/&lt;repo&gt;/</c> or <c>gh:&lt;installation&gt;/&lt;repository&gt;/</c>).
    /// </summary>
    public static string RepoKeyOf(string stableKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(stableKey);
        var slash = stableKey.LastIndexOf('/');
        if (slash < 0)
        {
            throw new ArgumentException($"stable key '{stableKey}' has no repository prefix (no '/')", nameof(stableKey));
        }

        return ServerKeyOf(stableKey[..(slash + 1)]);
    }

    /// <summary>Checks Cloudflare's tag rules: at most 8, none empty, none with <c>,</c> or <c>&amp;</c>, no duplicates.</summary>
    /// <exception cref="ArgumentException">A rule is broken.</exception>
    public static void Check(IReadOnlyCollection<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count > MaxTags)
        {
            throw new ArgumentException($"{tags.Count} tags: Cloudflare allows at most {MaxTags} per script", nameof(tags));
        }

        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Contains(',', StringComparison.Ordinal) || tag.Contains('&', StringComparison.Ordinal))
            {
                throw new ArgumentException($"tag '{tag}' is empty or contains ',' or '&', which Cloudflare does not allow", nameof(tags));
            }
        }

        if (tags.Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw new ArgumentException("a tag appears twice", nameof(tags));
        }
    }

    private static string EncodeOwner(string owner)
    {
        if (owner == "local")
        {
            return "local";
        }

        if (owner is not null && owner.StartsWith("gh:", StringComparison.Ordinal) && owner.Length > 3 && owner.Length <= 23 && owner[3..].All(char.IsAsciiDigit))
        {
            return "gh-" + owner[3..];
        }

        throw new ArgumentException($"owner '{owner}' is neither 'local' nor 'gh:<installation id>'", nameof(owner));
    }

    private static string? DecodeOwner(string encoded)
    {
        if (encoded == "local")
        {
            return "local";
        }

        return encoded.StartsWith("gh-", StringComparison.Ordinal) && encoded.Length > 3 && encoded.Length <= 23 && encoded[3..].All(char.IsAsciiDigit)
            ? "gh:" + encoded[3..]
            : null;
    }

    private static bool IsLowerHex(string text, int length) => text.Length == length && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
