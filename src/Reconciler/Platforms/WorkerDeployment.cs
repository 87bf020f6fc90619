using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Platforms;

/// <summary>A Worker to upload, with the values of its secret bindings (resolved just before, for this server only).</summary>
/// <param name="Worker">Modules, bindings (secrets by reference and version), ownership, content hash.</param>
/// <param name="Secrets">Binding name → value, one per <see cref="SecretTextBinding"/> of the worker. Never logged.</param>
public sealed record WorkerDeployment(DesiredWorker Worker, IReadOnlyDictionary<string, SecretValue> Secrets);
