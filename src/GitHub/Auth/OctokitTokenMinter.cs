using McpSaas.GitHub.Api;
using McpSaas.Reconciler.Keys;

namespace McpSaas.GitHub.Auth;

/// <summary>Mints installation tokens with Octokit (<c>GitHubApps.CreateInstallationToken</c>) as the App.</summary>
public sealed class OctokitTokenMinter : IInstallationTokenMinter
{
    private readonly Uri _apiBase;
    private readonly AppJwt _jwt;

    public OctokitTokenMinter(GitHubAppOptions options, AppJwt jwt)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apiBase = new Uri(options.ApiBaseUrl);
        _jwt = jwt;
    }

    public async Task<InstallationToken> MintAsync(long installationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var client = GitHubClients.ForApp(_apiBase, _jwt);
        var token = await client.GitHubApps.CreateInstallationToken(installationId).ConfigureAwait(false);
        return new InstallationToken(installationId, new SensitiveToken(token.Token), token.ExpiresAt);
    }
}
