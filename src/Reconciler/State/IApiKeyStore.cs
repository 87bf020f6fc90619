namespace McpSaas.Reconciler.State;

/// <summary>Named API keys of servers: hashes only.</summary>
public interface IApiKeyStore
{
    /// <summary>Records a key; at most one active key per (server, name).</summary>
    Task<ApiKeyCreateResult> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken);

    /// <summary>A server's keys ordered by creation; revoked ones only when asked.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(ServerId id, bool includeRevoked, CancellationToken cancellationToken);

    /// <summary>Revokes the active key of that name; <c>false</c> when there is none.</summary>
    Task<bool> RevokeApiKeyAsync(ServerId id, string name, CancellationToken cancellationToken);
}
