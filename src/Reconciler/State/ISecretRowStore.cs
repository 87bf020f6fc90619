namespace McpSaas.Reconciler.State;

/// <summary>Storage of sealed secrets; encryption is <see cref="Secrets.SecretStore"/>'s job, not the store's.</summary>
public interface ISecretRowStore
{
    /// <summary>
    /// Writes a secret in one transaction: picks the next version for (org, name), asks <paramref name="seal"/> to
    /// encrypt for that version, stores the result. Returns the row written.
    /// </summary>
    Task<SecretRow> PutSecretAsync(string org, string? repo, string name, Func<int, EncryptedSecret> seal, CancellationToken cancellationToken);

    /// <summary>Marks a secret removed (its ciphertext is dropped, its version kept). <c>false</c> when there was none.</summary>
    Task<bool> DeleteSecretAsync(string org, string? repo, string name, CancellationToken cancellationToken);

    /// <summary>Rows of the org: every scope; removed ones only when asked. Ordered by name, then scope (org scope first).</summary>
    Task<IReadOnlyList<SecretRow>> ListSecretRowsAsync(string org, bool includeDeleted, CancellationToken cancellationToken);

    /// <summary>The live row of exactly that scope, with its ciphertext; <c>null</c> when none.</summary>
    Task<SecretRow?> GetSecretRowAsync(string org, string? repo, string name, CancellationToken cancellationToken);

    /// <summary>How many live secrets hold ciphertext, over all orgs (to refuse minting a new key over existing data).</summary>
    Task<int> CountSealedSecretsAsync(CancellationToken cancellationToken);
}
