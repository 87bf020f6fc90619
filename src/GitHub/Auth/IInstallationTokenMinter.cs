namespace McpSaas.GitHub.Auth;

/// <summary>Mints a new installation token (<c>POST /app/installations/{id}/access_tokens</c> with the App JWT). Every call is a new token: use <see cref="IInstallationTokens"/>.</summary>
public interface IInstallationTokenMinter
{
    Task<InstallationToken> MintAsync(long installationId, CancellationToken cancellationToken);
}
