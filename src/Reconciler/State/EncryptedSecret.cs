namespace McpSaas.Reconciler.State;

/// <summary>An AES-256-GCM sealed value: nonce, ciphertext with its tag appended, and the fingerprint of the key used.</summary>
public sealed class EncryptedSecret
{
    public required ReadOnlyMemory<byte> Nonce { get; init; }

    public required ReadOnlyMemory<byte> CiphertextAndTag { get; init; }

    /// <summary>Short fingerprint of the encryption key (not the key), to say "encrypted with another key" clearly.</summary>
    public required string KeyFingerprint { get; init; }

    public override string ToString() => $"EncryptedSecret {{ {CiphertextAndTag.Length} bytes, key {KeyFingerprint} }}";
}
