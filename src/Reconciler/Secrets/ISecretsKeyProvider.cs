namespace McpSaas.Reconciler.Secrets;

/// <summary>Where <see cref="SecretStore"/> gets its key (loaded lazily: listing secrets needs no key).</summary>
public interface ISecretsKeyProvider
{
    /// <summary>The key; with <paramref name="createIfMissing"/>, a local key file is generated when there is none.</summary>
    Task<SecretsKeyResult> GetKeyAsync(bool createIfMissing, CancellationToken cancellationToken);
}
