using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// The 256-bit master key of a data folder (<c>secrets.key</c> or <c>MCPSAAS_SECRETS_KEY</c>). It is never used as is
/// for anything new: separate keys are derived from it with HKDF-SHA256 and distinct labels, one that seals secrets
/// (<see cref="SealingKey"/>) and one that derives usage ingest tokens (<see cref="UsageTokenKey"/>), so neither use can
/// weaken the other. Data written before (secrets sealed with the master key itself, rows fingerprinted
/// <see cref="Fingerprint"/>; usage tokens derived from it) stays readable and valid: see <see cref="SecretCipher"/> and
/// <see cref="Keys.UsageTokens"/>. <see cref="ToString"/> shows only where it came from and its
/// <see cref="Fingerprint"/> (a hash prefix that identifies the key without revealing it).
/// </summary>
public sealed class SecretsKey
{
    public const int Length = 32;

    private static readonly byte[] FingerprintLabel = Encoding.ASCII.GetBytes("mcpsaas secrets key fingerprint v1\n");

    /// <summary>What a sealed row records of the key that sealed it, for the current scheme: <c>v2:</c> + <see cref="Fingerprint"/>.</summary>
    public const string SealingFingerprintPrefix = "v2:";

    private static readonly byte[] SealingLabel = Encoding.ASCII.GetBytes("mcpsaas secrets sealing key v2");
    private static readonly byte[] UsageTokenLabel = Encoding.ASCII.GetBytes("mcpsaas usage token key v2");

    private readonly byte[] _key;
    private readonly byte[] _sealingKey;
    private readonly byte[] _usageTokenKey;

    public SecretsKey(ReadOnlySpan<byte> key, string source)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"a secrets key is {Length} bytes, not {key.Length}", nameof(key));
        }

        _key = key.ToArray();
        Source = source;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData([.. FingerprintLabel, .. _key]))[..16];
        _sealingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, Length, salt: [], info: SealingLabel);
        _usageTokenKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, Length, salt: [], info: UsageTokenLabel);
    }

    /// <summary>Where the key came from: <c>MCPSAAS_SECRETS_KEY</c> or the key file's path.</summary>
    public string Source { get; }

    public string Fingerprint { get; }

    /// <summary>Recorded on every row sealed with <see cref="SealingKey"/>.</summary>
    public string SealingFingerprint => SealingFingerprintPrefix + Fingerprint;

    /// <summary>The master key itself: only to open rows sealed before keys were derived, and to recognise old tokens.</summary>
    internal ReadOnlySpan<byte> LegacyBytes => _key;

    /// <summary>AES-256-GCM key for secret values (HKDF-SHA256, label "mcpsaas secrets sealing key v2").</summary>
    internal ReadOnlySpan<byte> SealingKey => _sealingKey;

    /// <summary>HMAC-SHA256 key for usage ingest tokens (HKDF-SHA256, label "mcpsaas usage token key v2").</summary>
    internal ReadOnlySpan<byte> UsageTokenKey => _usageTokenKey;

    /// <summary>Whether a sealed row's fingerprint names this key, in either scheme.</summary>
    public bool Sealed(string keyFingerprint) => keyFingerprint == SealingFingerprint || keyFingerprint == Fingerprint;

    public static SecretsKey Generate(string source) => new(RandomNumberGenerator.GetBytes(Length), source);

    public override string ToString() => $"secrets key {Fingerprint} from {Source}";
}
