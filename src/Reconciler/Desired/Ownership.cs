namespace McpSaas.Reconciler.Desired;

/// <summary>
/// What McpSaas records on every Worker it creates (Cloudflare tags / local metadata), so only owned Workers
/// are ever changed or deleted; ownership is never guessed from names.
/// </summary>
/// <param name="Owner">The McpSaas installation that owns it: <c>local</c> or <c>gh:&lt;installation id&gt;</c>.</param>
/// <param name="StableKey">The server's stable identity (<see cref="Identity.ServerIdentity.StableKey"/>).</param>
/// <param name="ServerId">The readable server id when it was deployed.</param>
/// <param name="ContentHash">The content hash of the deployment, where the platform records it (null when it cannot: the state store's inventory has it).</param>
public sealed record Ownership(string Owner, string StableKey, string ServerId, string? ContentHash);
