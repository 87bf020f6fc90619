using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// Where Workers run: local workerd (the embedded default) or Cloudflare. Only Workers carrying this
/// McpSaas's ownership record are observed, changed or deleted.
/// </summary>
public interface IWorkerPlatform
{
    /// <summary><c>local</c> or <c>cloudflare</c>.</summary>
    string Name { get; }

    /// <summary>The endpoint a server gets on this platform (URL, accepted hosts, usage URL).</summary>
    EndpointProfile Endpoint(ServerIdentity identity, string scriptName);

    /// <summary>Every Worker owned by <paramref name="owner"/> with its ownership record and actual content hash.</summary>
    Task<IReadOnlyList<DeployedWorker>> ObserveAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a Worker. Idempotent: deploying the same worker twice leaves one Worker.</summary>
    Task DeployAsync(DesiredWorker worker, CancellationToken cancellationToken);

    /// <summary>Deletes an owned Worker; deleting one that is already gone succeeds.</summary>
    Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken);

    /// <summary>Makes deploys and deletes live where the platform batches them (local: one workerd restart). Idempotent.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
