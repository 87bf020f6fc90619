using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Hashing;

/// <summary>SHA-256 helpers shared by module hashing and deployment content hashes.</summary>
public static class ContentHash
{
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
