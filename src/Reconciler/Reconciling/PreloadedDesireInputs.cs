using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// The Desire step's lookups, read from the state store once per run (a few queries for a whole repository),
/// so the Desire step itself stays a pure function.
/// </summary>
internal sealed class PreloadedDesireInputs(
    IReadOnlyDictionary<string, SecretInfo> secrets,
    IReadOnlyDictionary<string, IReadOnlyList<NamedKeyHash>> keys,
    IReadOnlyDictionary<string, int> usageTokenVersions,
    IWorkerPlatform platform) : IDesireInputs
{
    public int? SecretVersion(string org, string repo, string reference) =>
        secrets.TryGetValue(reference, out var info) ? info.Version : null;

    public IReadOnlyList<NamedKeyHash> Keys(ServerId server) =>
        keys.TryGetValue(server.ToString(), out var list) ? list : [];

    /// <summary>The current version, or 1 for a server that has no token yet (apply issues version 1 before deploying).</summary>
    public int UsageTokenVersion(ServerId server) =>
        usageTokenVersions.TryGetValue(server.ToString(), out var v) && v > 0 ? v : 1;

    public EndpointProfile Endpoint(ServerIdentity identity, string scriptName) => platform.Endpoint(identity, scriptName);
}
