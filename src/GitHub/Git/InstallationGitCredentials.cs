using McpSaas.GitHub.Auth;
using McpSaas.Reconciler.Sources;

namespace McpSaas.GitHub.Git;

/// <summary>
/// Git credentials for one fetch: an installation token minted (or taken from the cache) before the fetch and handed
/// to libgit2 when the server asks, as the password of user <c>x-access-token</c>. Only for remotes on the configured
/// GitHub web host (scheme, host and port); never in a URL, a log or <c>.git/config</c>.
/// </summary>
public sealed class InstallationGitCredentials : IGitCredentialsProvider
{
    public const string Username = "x-access-token";

    private readonly Uri _webBase;
    private readonly InstallationToken _token;

    private InstallationGitCredentials(Uri webBase, InstallationToken token)
    {
        _webBase = webBase;
        _token = token;
    }

    public static async Task<InstallationGitCredentials> MintAsync(IInstallationTokens tokens, long installationId, Uri webBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var token = await tokens.GetAsync(installationId, cancellationToken).ConfigureAwait(false);
        return new InstallationGitCredentials(webBase, token);
    }

    public GitCredentials? For(Uri remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var sameOrigin = string.Equals(remote.Scheme, _webBase.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(remote.Host, _webBase.Host, StringComparison.OrdinalIgnoreCase)
            && remote.Port == _webBase.Port;
        return sameOrigin ? new GitCredentials(Username, _token.Token.Reveal()) : null;
    }

    public override string ToString() => $"InstallationGitCredentials {{ Installation = {_token.InstallationId}, Host = {_webBase.Authority} }}";
}
