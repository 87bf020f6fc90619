namespace McpSaas.Reconciler.Secrets;

/// <summary>How reading a secret went.</summary>
public enum SecretReadStatus
{
    Found = 0,

    /// <summary>Neither the repo scope nor the org scope has it.</summary>
    NotFound = 1,

    /// <summary>It exists but cannot be decrypted (no key, another key, tampered data); the error says which.</summary>
    Unreadable = 2,
}
