using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// AES-256-GCM sealing of one secret value: a random 96-bit nonce per value, a 128-bit tag, and associated data
/// binding org, repo scope, name and version, so a ciphertext copied to another secret (or an older version put
/// back) fails to open. Values are sealed with the key derived for sealing (<see cref="SecretsKey.SealingKey"/>; the row
/// records <see cref="SecretsKey.SealingFingerprint"/>); rows sealed before with the master key itself (recording
/// <see cref="SecretsKey.Fingerprint"/>) still open, and are sealed the new way when the secret is next set.
/// </summary>
internal static class SecretCipher
{
    public const int NonceSize = 12;

    public const int TagSize = 16;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("mcpsaas secret v1");

    public static EncryptedSecret Seal(SecretsKey key, string org, string? repo, string name, int version, SecretValue value)
    {
        var plaintext = Encoding.UTF8.GetBytes(value.Reveal());
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var output = new byte[plaintext.Length + TagSize];
            using var aes = new AesGcm(key.SealingKey, TagSize);
            aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), AssociatedData(org, repo, name, version));
            return new EncryptedSecret { Nonce = nonce, CiphertextAndTag = output, KeyFingerprint = key.SealingFingerprint };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Opens a sealed value; <c>null</c> when the key is wrong or the data (or what it is bound to) was changed.</summary>
    public static SecretValue? Open(SecretsKey key, string org, string? repo, string name, int version, EncryptedSecret sealedValue)
    {
        var nonce = sealedValue.Nonce.Span;
        var input = sealedValue.CiphertextAndTag.Span;
        if (nonce.Length != NonceSize || input.Length < TagSize || !key.Sealed(sealedValue.KeyFingerprint))
        {
            return null;
        }

        // The row says which scheme sealed it: the derived sealing key, or (older rows) the master key itself.
        var aesKey = sealedValue.KeyFingerprint == key.SealingFingerprint ? key.SealingKey : key.LegacyBytes;

        var plaintext = new byte[input.Length - TagSize];
        try
        {
            using var aes = new AesGcm(aesKey, TagSize);
            aes.Decrypt(nonce, input[..^TagSize], input[^TagSize..], plaintext, AssociatedData(org, repo, name, version));
            return new SecretValue(Encoding.UTF8.GetString(plaintext));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Label, then each field length-prefixed (so no two different bindings encode alike), then the version.</summary>
    internal static byte[] AssociatedData(string org, string? repo, string name, int version)
    {
        using var stream = new MemoryStream();
        stream.Write(Label);
        Span<byte> number = stackalloc byte[4];
        foreach (var field in new[] { org, repo ?? "", name })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            stream.Write(number);
            stream.Write(bytes);
        }

        BinaryPrimitives.WriteInt32BigEndian(number, version);
        stream.Write(number);
        return stream.ToArray();
    }
}
