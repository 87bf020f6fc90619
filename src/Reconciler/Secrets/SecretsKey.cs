using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// The 256-bit key that seals secrets. <see cref="ToString"/> shows only where it came from and its
/// <see cref="Fingerprint"/> (a hash prefix that identifies the key without revealing it).
/// </summary>
public sealed class SecretsKey
{
    public const int Length = 32;

    private static readonly byte[] FingerprintLabel = Encoding.ASCII.GetBytes("mcpsaas secrets key fingerprint v1\n");

    private readonly byte[] _key;

    public SecretsKey(ReadOnlySpan<byte> key, string source)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"a secrets key is {Length} bytes, not {key.Length}", nameof(key));
        }

        _key = key.ToArray();
        Source = source;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData([.. FingerprintLabel, .. _key]))[..16];
    }

    /// <summary>Where the key came from: <c>MCPSAAS_SECRETS_KEY</c> or the key file's path.</summary>
    public string Source { get; }

    public string Fingerprint { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    public static SecretsKey Generate(string source) => new(RandomNumberGenerator.GetBytes(Length), source);

    public override string ToString() => $"secrets key {Fingerprint} from {Source}";
}
