namespace McpSaas.Reconciler.Sources;

/// <summary>
/// Credentials for a git remote, handed to libgit2 at fetch time only: never written into a URL or
/// <c>.git/config</c>. Returns null for anonymous access.
/// </summary>
public interface IGitCredentialsProvider
{
    GitCredentials? For(Uri remote);
}

/// <summary>Username and password/token for HTTPS git. <see cref="ToString"/> never shows the secret.</summary>
public sealed record GitCredentials(string Username, string Password)
{
    public override string ToString() => $"GitCredentials {{ Username = {Username}, Password = (sensitive value) }}";
}
