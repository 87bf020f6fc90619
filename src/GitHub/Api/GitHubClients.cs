using McpSaas.GitHub.Auth;
using Octokit;

namespace McpSaas.GitHub.Api;

/// <summary>
/// Octokit clients against the configured API root (a non-github.com host is rewritten to <c>/api/v3/</c>, so GitHub
/// Enterprise Server and the test fake work alike): as the App (JWT) or as an installation (its cached token).
/// </summary>
public sealed class GitHubClients
{
    public static readonly ProductHeaderValue Product = new("McpSaas");

    private readonly Uri _apiBase;
    private readonly AppJwt _jwt;
    private readonly IInstallationTokens _tokens;

    public GitHubClients(GitHubAppOptions options, AppJwt jwt, IInstallationTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apiBase = new Uri(options.ApiBaseUrl);
        _jwt = jwt;
        _tokens = tokens;
    }

    /// <summary>Authenticated as the App (only for <c>/app/*</c> and <c>GET /repos/{o}/{r}/installation</c>). A fresh JWT per client.</summary>
    public GitHubClient ForApp() => ForApp(_apiBase, _jwt);

    /// <summary>Authenticated as an installation, with its cached token (minted when needed).</summary>
    public async Task<GitHubClient> ForInstallationAsync(long installationId, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(installationId, cancellationToken).ConfigureAwait(false);
        return new GitHubClient(Product, _apiBase) { Credentials = new Credentials(token.Token.Reveal(), AuthenticationType.Bearer) };
    }

    internal static GitHubClient ForApp(Uri apiBase, AppJwt jwt) =>
        new(Product, apiBase) { Credentials = new Credentials(jwt.Create().Reveal(), AuthenticationType.Bearer) };
}
