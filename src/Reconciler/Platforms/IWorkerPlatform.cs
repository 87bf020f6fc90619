using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// Where Workers run: local workerd (the embedded default), Cloudflare, or memory (benchmarks, tests). Shaped for a
/// remote, rate-limited platform: one account-wide listing per tick, writes that return what the platform recorded
/// (a <see cref="DeployReceipt"/>, compared later to find drift), binding changes that need no upload, and errors
/// classified as transient, waiting or stalled (<see cref="PlatformException"/>). Only Workers carrying this
/// McpSaas's ownership record are listed, changed or deleted.
/// </summary>
public interface IWorkerPlatform
{
    /// <summary><c>local</c>, <c>cloudflare</c> or <c>memory</c>: recorded with the inventory.</summary>
    string Name { get; }

    /// <summary>
    /// Reads once what <see cref="Endpoint"/> needs (Cloudflare: the account's workers.dev subdomain); called by the
    /// desire step before it asks for endpoints. Cheap after the first call; a failure is a run failure (classified).
    /// </summary>
    ValueTask PrepareAsync(CancellationToken cancellationToken);

    /// <summary>The endpoint a server gets on this platform (URL, accepted hosts, usage URL). No I/O: after <see cref="PrepareAsync"/>.</summary>
    EndpointProfile Endpoint(ServerIdentity identity, string scriptName);

    /// <summary>
    /// Every Worker of the account that carries an McpSaas ownership record, whoever the owner: one listing
    /// (one API call on Cloudflare) that serves every repository's plan in a tick (<see cref="PlatformObservation"/>).
    /// </summary>
    Task<IReadOnlyList<DeployedWorker>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces a Worker (modules, bindings, and the values of its secret bindings). Idempotent:
    /// deploying the same worker twice leaves one Worker. The platform keeps the secret values it was given, as a
    /// Cloudflare Worker keeps its secret bindings, until the Worker is redeployed or deleted.
    /// </summary>
    Task<DeployReceipt> DeployAsync(WorkerDeployment deployment, CancellationToken cancellationToken);

    /// <summary>Changes bindings of a deployed Worker without uploading its modules (new secret versions, new key hashes).</summary>
    Task<DeployReceipt> RebindAsync(WorkerRebind rebind, CancellationToken cancellationToken);

    /// <summary>Deletes an owned Worker; deleting one that is already gone succeeds.</summary>
    Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the writes since the last commit live where the platform batches them (local: one checked restart).
    /// Writes that could not be made live are rolled back to what served before and listed in the result; the
    /// others are live. Idempotent; a no-op for platforms where every write is live at once.
    /// </summary>
    Task<CommitResult> CommitAsync(CancellationToken cancellationToken);
}
