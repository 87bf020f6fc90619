namespace McpSaas.Reconciler.Sources;

/// <summary>Reads a token from <c>MCPSAAS_GIT_TOKEN</c> (user <c>MCPSAAS_GIT_USER</c>, default <c>x-access-token</c>) for HTTPS remotes.</summary>
public sealed class EnvironmentGitCredentials : IGitCredentialsProvider
{
    public GitCredentials? For(Uri remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var token = Environment.GetEnvironmentVariable("MCPSAAS_GIT_TOKEN");
        if (string.IsNullOrEmpty(token) || remote.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        return new GitCredentials(Environment.GetEnvironmentVariable("MCPSAAS_GIT_USER") ?? "x-access-token", token);
    }
}
