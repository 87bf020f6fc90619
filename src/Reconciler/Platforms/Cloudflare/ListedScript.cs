namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// What <see cref="CloudflarePlatform"/> knows of one script of the account: from the last listing, then from its own
/// writes. Its ownership (null: not McpSaas's), etag and the Durable Object migration tag the next upload starts from.
/// </summary>
internal sealed record ListedScript(string Name, CloudflareOwnership? Ownership, string? Etag, DateTimeOffset? ModifiedOn, string? MigrationTag);
