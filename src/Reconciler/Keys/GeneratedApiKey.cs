namespace McpSaas.Reconciler.Keys;

/// <summary>A freshly generated key: the plaintext (show it once, never store it), its hash and its key id.</summary>
public sealed record GeneratedApiKey(SensitiveToken Key, string Hash, string KeyId);
