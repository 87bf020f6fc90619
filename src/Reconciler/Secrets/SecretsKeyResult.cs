namespace McpSaas.Reconciler.Secrets;

/// <summary>The outcome of loading the secrets key: the key, or why not and what to do.</summary>
public sealed record SecretsKeyResult(SecretsKeyStatus Status, SecretsKey? Key, string? Error)
{
    public static SecretsKeyResult Loaded(SecretsKey key) => new(SecretsKeyStatus.Loaded, key, null);

    public static SecretsKeyResult Missing(string error) => new(SecretsKeyStatus.Missing, null, error);

    public static SecretsKeyResult Invalid(string error) => new(SecretsKeyStatus.Invalid, null, error);
}
