namespace McpSaas.GitHub.Auth;

/// <summary>Installation tokens, cached per installation and minted again shortly before they expire.</summary>
public interface IInstallationTokens
{
    Task<InstallationToken> GetAsync(long installationId, CancellationToken cancellationToken);

    /// <summary>Forgets a cached token (GitHub refused it: revoked, installation suspended).</summary>
    void Invalidate(long installationId);
}
