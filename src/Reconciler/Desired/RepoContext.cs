using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Desired;

/// <summary>The repository a reconcile reads: its name in server ids and, in GitOps mode, its GitHub ids.</summary>
public sealed record RepoContext(string Org, string Name, long? InstallationId = null, long? RepositoryId = null)
{
    public ServerIdentity Identity(string serverName) => new()
    {
        Id = new ServerId(Org, Name, serverName),
        InstallationId = InstallationId,
        RepositoryId = RepositoryId,
    };

    /// <summary>The ownership tag of the repository's Workers: <c>local</c>, or <c>gh:&lt;installation&gt;</c>.</summary>
    public string Owner => InstallationId is { } installation ? $"gh:{installation}" : "local";

    /// <summary>What every stable key of this repository's servers starts with: <c>gh:&lt;installation&gt;/&lt;repository&gt;/</c> or <c>local:&lt;org&gt;/&lt;repo&gt;/</c>.</summary>
    public string StablePrefix => InstallationId is { } inst && RepositoryId is { } repo ? $"gh:{inst}/{repo}/" : $"local:{Org}/{Name}/";

    /// <summary>The hashed form of <see cref="StablePrefix"/>, as platforms with short values record it (<see cref="Ownership.RepoKey"/>).</summary>
    public string RepoKey => Ownership.KeyHash(StablePrefix);

    /// <summary>Whether a deployed Worker's ownership record belongs to a server of this repository (full stable key, or the hashed repo key).</summary>
    public bool Owns(Ownership ownership) => OwnershipTest()(ownership);

    /// <summary>
    /// <see cref="Owns"/> with the owner, prefix and hashed key computed once: for testing a whole account's listing
    /// (tens of thousands of Workers per plan) without a hash per Worker.
    /// </summary>
    public Func<Ownership, bool> OwnershipTest()
    {
        var owner = Owner;
        var prefix = StablePrefix;
        var key = RepoKey;
        return ownership =>
        {
            ArgumentNullException.ThrowIfNull(ownership);
            if (ownership.Owner != owner)
            {
                return false;
            }

            return ownership.StableKey.StartsWith(prefix, StringComparison.Ordinal)
                ? ownership.StableKey.IndexOf('/', prefix.Length) < 0
                : ownership.RepoKey is { } repoKey && repoKey == key;
        };
    }
}
