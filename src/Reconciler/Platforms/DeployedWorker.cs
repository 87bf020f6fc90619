using McpSaas.Reconciler.Desired;

namespace McpSaas.Reconciler.Platforms;

/// <summary>A Worker the platform reports as deployed and owned by this McpSaas.</summary>
/// <param name="ScriptName">Worker script name.</param>
/// <param name="Ownership">The ownership record written at deploy time (owner, stable key, server id, content hash).</param>
/// <param name="ActualHash">
/// The content hash of what is really deployed, as far as the platform can tell (recomputed from the deployed
/// modules and bindings); null when it cannot. Differs from <see cref="Ownership.ContentHash"/> after a change made outside McpSaas.
/// </param>
/// <param name="Endpoint">Base URL the server is reached at.</param>
public sealed record DeployedWorker(string ScriptName, Ownership Ownership, string? ActualHash, string Endpoint)
{
    public bool Drifted => ActualHash is not null && ActualHash != Ownership.ContentHash;
}
