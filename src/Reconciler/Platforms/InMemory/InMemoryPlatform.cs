using System.Collections.Concurrent;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Reconciling;

namespace McpSaas.Reconciler.Platforms.InMemory;

/// <summary>
/// A platform that keeps Workers in memory and counts every call: what benchmarks use to measure McpSaas
/// without a runtime, and what tests use to see exactly which writes a run made. Each write gets a new etag, like
/// Cloudflare's; <see cref="Tamper"/> changes one behind McpSaas's back. Secret values are kept only as their count.
/// </summary>
public sealed class InMemoryPlatform(string name = "memory") : IWorkerPlatform
{
    private readonly ConcurrentDictionary<string, DeployedWorker> _workers = new(StringComparer.Ordinal);
    private int _deploys;
    private int _rebinds;
    private int _deletes;
    private int _commits;
    private int _lists;
    private long _version;

    public string Name => name;

    public int Deploys => _deploys;

    public int Rebinds => _rebinds;

    public int Deletes => _deletes;

    public int Commits => _commits;

    public int Lists => _lists;

    /// <summary>Script names whose deploy throws (to test that one failure does not stop the others).</summary>
    public ISet<string> FailingScripts { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The class of the injected failure (transient by default).</summary>
    public ErrorClass FailureClass { get; set; } = ErrorClass.Transient;

    /// <summary>Secret values the last deploy or rebind of each script carried, by binding (tests check where values go).</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> SecretValues { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<DeployedWorker> Workers => [.. _workers.Values];

    public EndpointProfile Endpoint(ServerIdentity identity, string scriptName) =>
        new($"https://{scriptName}.example.workers.dev", [$"{scriptName}.example.workers.dev"], "https://mcpsaas.example/api/usage");

    public ValueTask PrepareAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<IReadOnlyList<DeployedWorker>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return Task.FromResult<IReadOnlyList<DeployedWorker>>([.. _workers.Values]);
    }

    public Task<DeployReceipt> DeployAsync(WorkerDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var worker = deployment.Worker;
        if (FailingScripts.Contains(worker.ScriptName))
        {
            throw new PlatformException(FailureClass, $"deploy of {worker.ScriptName} failed (injected)");
        }

        RefuseIfNotOwned(worker.ScriptName, worker.Ownership, "deploy to");
        Interlocked.Increment(ref _deploys);
        SecretValues[worker.ScriptName] = deployment.Secrets.ToDictionary(s => s.Key, s => s.Value.Reveal(), StringComparer.Ordinal);
        return Task.FromResult(Store(worker.ScriptName, worker.Ownership, Endpoint(worker.Identity, worker.ScriptName).BaseUrl));
    }

    public Task<DeployReceipt> RebindAsync(WorkerRebind rebind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rebind);
        if (!_workers.TryGetValue(rebind.ScriptName, out var existing))
        {
            throw new PlatformException(ErrorClass.Transient, $"{rebind.ScriptName} does not exist: it cannot be rebound");
        }

        if (FailingScripts.Contains(rebind.ScriptName))
        {
            throw new PlatformException(FailureClass, $"rebind of {rebind.ScriptName} failed (injected)");
        }

        Interlocked.Increment(ref _rebinds);
        var values = SecretValues.TryGetValue(rebind.ScriptName, out var old) ? new Dictionary<string, string>(old, StringComparer.Ordinal) : new(StringComparer.Ordinal);
        foreach (var secret in rebind.Secrets)
        {
            values[secret.Binding.Name] = secret.Value.Reveal();
        }

        SecretValues[rebind.ScriptName] = values;
        return Task.FromResult(Store(rebind.ScriptName, rebind.Ownership, existing.Endpoint));
    }

    public Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (!_workers.ContainsKey(worker.ScriptName))
        {
            return Task.CompletedTask; // already gone
        }

        RefuseIfNotOwned(worker.ScriptName, worker.Ownership, "delete");
        Interlocked.Increment(ref _deletes);
        _workers.TryRemove(worker.ScriptName, out _);
        SecretValues.TryRemove(worker.ScriptName, out _);
        return Task.CompletedTask;
    }

    public Task<CommitResult> CommitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commits);
        return Task.FromResult(CommitResult.AllLive);
    }

    /// <summary>A Worker of another server or owner under that name is never changed nor deleted.</summary>
    private void RefuseIfNotOwned(string scriptName, Ownership? ownership, string verb)
    {
        if (_workers.TryGetValue(scriptName, out var existing) && (ownership is null || existing.Ownership is not { } owned || !owned.IsSameServer(ownership)))
        {
            throw new PlatformException(ErrorClass.Stalled, $"refusing to {verb} {scriptName}: it is not owned by this McpSaas server");
        }
    }

    /// <summary>Puts a Worker on the platform that McpSaas did not deploy (no ownership record): listed, never changed.</summary>
    public void Seed(string scriptName) => _workers[scriptName] = new DeployedWorker(scriptName, null, NextEtag(), null, $"https://{scriptName}.example.workers.dev");

    /// <summary>Simulates a change made outside McpSaas: the Worker gets a new etag.</summary>
    public void Tamper(string scriptName) =>
        _workers[scriptName] = _workers[scriptName] with { Etag = NextEtag() };

    private DeployReceipt Store(string scriptName, Ownership ownership, string endpoint)
    {
        var etag = NextEtag();
        _workers[scriptName] = new DeployedWorker(scriptName, ownership, etag, null, endpoint);
        return new DeployReceipt(etag, null, null, endpoint);
    }

    private string NextEtag() => $"etag-{Interlocked.Increment(ref _version)}";
}
