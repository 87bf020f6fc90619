using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Platforms;

/// <summary>A Worker to upload, with the values of its secret bindings (resolved just before, for this server only).</summary>
/// <param name="Worker">Modules, bindings (secrets by reference and version), ownership, content hash.</param>
/// <param name="Secrets">Binding name → value, one per <see cref="SecretTextBinding"/> of the worker. Never logged.</param>
public sealed record WorkerDeployment(DesiredWorker Worker, IReadOnlyDictionary<string, SecretValue> Secrets)
{
    /// <summary>
    /// Secret bindings the deployed Worker already holds at the very versions wanted (from the last applied record of a
    /// Worker that has not drifted): a platform that sets secrets apart from its uploads (Cloudflare) may skip them. Their
    /// values are in <see cref="Secrets"/> all the same; empty = set every secret.
    /// </summary>
    public IReadOnlySet<string> SecretsInPlace { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
