namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// The org secret store: values sealed with AES-256-GCM at rest, per org and optionally per repository.
/// Listing and version lookups never decrypt; only <see cref="RevealAsync"/> does.
/// </summary>
public interface ISecretStore
{
    /// <summary>Seals and stores a value; bumps the version.</summary>
    Task<SecretWriteResult> SetAsync(SecretScope scope, string name, SecretValue value, string actor, CancellationToken cancellationToken);

    /// <summary>Removes the secret of exactly that scope; <c>false</c> when there was none.</summary>
    Task<bool> RemoveAsync(SecretScope scope, string name, string actor, CancellationToken cancellationToken);

    /// <summary>Every secret of the org (every scope), ordered by name then scope (org first). No values.</summary>
    Task<IReadOnlyList<SecretInfo>> ListAsync(string org, CancellationToken cancellationToken);

    /// <summary>The secrets a repository sees, by name: its own scope wins over the org's. No values, no decryption.</summary>
    Task<IReadOnlyDictionary<string, SecretInfo>> ResolveAsync(string org, string repo, CancellationToken cancellationToken);

    /// <summary>Decrypts the secret a repository sees under <paramref name="name"/> (repo scope first, then org).</summary>
    Task<SecretReadResult> RevealAsync(string org, string repo, string name, CancellationToken cancellationToken);
}
