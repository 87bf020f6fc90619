namespace McpSaas.Reconciler.Secrets;

/// <summary>How loading the secrets key went.</summary>
public enum SecretsKeyStatus
{
    Loaded = 0,

    /// <summary>No key configured and no key file (and none was to be created).</summary>
    Missing = 1,

    /// <summary>A key is there but unusable (bad encoding or length, a key file others can read); the error says how to fix it.</summary>
    Invalid = 2,
}
