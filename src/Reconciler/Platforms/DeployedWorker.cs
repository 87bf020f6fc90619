using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Platforms;

/// <summary>A Worker the platform lists, with the ownership record McpSaas wrote on it.</summary>
/// <param name="ScriptName">Worker script name.</param>
/// <param name="Ownership">
/// Owner, stable server key, readable server id and (when the platform records it) the content hash; null for a Worker
/// McpSaas does not own (listed only so a name clash is seen: it is never changed or deleted).
/// </param>
/// <param name="Etag">
/// The platform's version of what is deployed (Cloudflare's <c>etag</c>; locally a hash of the files as they are now).
/// Compared with the <see cref="DeployReceipt.Etag"/> recorded at the last apply: a difference is drift.
/// </param>
/// <param name="ModifiedOn">When the platform last changed it, when known.</param>
/// <param name="Endpoint">Base URL the server is reached at.</param>
public sealed record DeployedWorker(string ScriptName, Ownership? Ownership, string? Etag, DateTimeOffset? ModifiedOn, string Endpoint);
