using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Identity;

/// <summary>
/// Worker script names derived from a server's identity: lowercase <c>[a-z0-9-]</c>, at most 63 characters,
/// never colliding. The readable part is kept when it maps back unambiguously; otherwise (characters
/// replaced, or too long) a hash of the stable identity is appended.
/// </summary>
public static class ScriptNames
{
    public const int MaxLength = 63;
    private const int HashLength = 10;

    public static string For(ServerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var readable = identity.InstallationId is { } inst && identity.RepositoryId is { } repo
            ? $"mcp-i{inst}-r{repo}-{identity.Id.Name}"
            : $"mcp-{identity.Id.Org}-{identity.Id.Repo}-{identity.Id.Name}";

        var (clean, lossy) = Sanitize(readable);
        // Org and repo names may contain '-' themselves, so "a-b/c" and "a/b-c" would read the same:
        // a local name is only unambiguous with the hash.
        var ambiguous = identity.InstallationId is null;
        if (!lossy && !ambiguous && clean.Length <= MaxLength)
        {
            return clean;
        }

        var hash = Hash(identity.StableKey);
        var room = MaxLength - HashLength - 1;
        var head = clean.Length > room ? clean[..room].TrimEnd('-') : clean;
        return $"{head}-{hash}";
    }

    private static (string Clean, bool Lossy) Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var lossy = false;
        foreach (var c in text)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            {
                sb.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                sb.Append(char.ToLowerInvariant(c));
                lossy = true;
            }
            else
            {
                sb.Append('-');
                lossy = true;
            }
        }

        // Collapse runs of '-' (Cloudflare accepts them, but they read badly).
        var collapsed = System.Text.RegularExpressions.Regex.Replace(sb.ToString(), "-{2,}", "-").Trim('-');
        return (collapsed, lossy || collapsed.Length != sb.Length);
    }

    private static string Hash(string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(bytes)[..HashLength];
    }
}
