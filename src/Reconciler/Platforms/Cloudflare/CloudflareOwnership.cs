namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>McpSaas's ownership record as read back from a script's tags (<see cref="OwnershipTags"/>).</summary>
/// <param name="Owner">The McpSaas installation that owns the script: <c>local</c> or <c>gh:&lt;installation id&gt;</c>.</param>
/// <param name="ServerKey">32 hex characters: the start of the SHA-256 of the server's stable key.</param>
/// <param name="ContentHashPrefix">16 hex characters: the start of the deployment's content hash.</param>
public sealed record CloudflareOwnership(string Owner, string ServerKey, string ContentHashPrefix)
{
    /// <summary>32 hex characters: the start of the SHA-256 of the repository's stable prefix (<see cref="OwnershipTags.RepoKeyOf"/>).</summary>
    public string RepoKey { get; init; } = "";

    /// <summary>The deploy of <see cref="ContentHashPrefix"/> is not finished: uploaded, but its secrets and workers.dev may not be set yet.</summary>
    public bool Pending { get; init; }

    /// <summary>Whether the script is the Worker of the server with this stable key.</summary>
    public bool IsServer(string stableKey) => ServerKey == OwnershipTags.ServerKeyOf(stableKey);

    /// <summary>Whether the script was deployed with this content hash (as far as the prefix tells).</summary>
    public bool HasContent(string contentHash) =>
        contentHash is not null && contentHash.StartsWith(ContentHashPrefix, StringComparison.OrdinalIgnoreCase);
}
