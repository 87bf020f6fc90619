using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Sources;

/// <summary>Git's blob id (SHA-1 of <c>"blob {length}\0" + content</c>), so folder files and git blobs share one cache key.</summary>
public static class GitBlobId
{
    public static string Of(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
