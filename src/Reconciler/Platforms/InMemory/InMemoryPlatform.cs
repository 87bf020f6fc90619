using System.Collections.Concurrent;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;

namespace McpSaas.Reconciler.Platforms.InMemory;

/// <summary>
/// A platform that keeps Workers in memory and counts every call: what benchmarks use to measure McpSaas
/// without a runtime, and what tests use to see exactly which writes a run made.
/// </summary>
public sealed class InMemoryPlatform(string name = "memory") : IWorkerPlatform
{
    private readonly ConcurrentDictionary<string, DeployedWorker> _workers = new(StringComparer.Ordinal);

    public string Name => name;

    public int Deploys => _deploys;

    public int Deletes => _deletes;

    public int Commits => _commits;

    /// <summary>Script names whose deploy throws (to test that one failure does not stop the others).</summary>
    public ISet<string> FailingScripts { get; } = new HashSet<string>(StringComparer.Ordinal);

    private int _deploys;
    private int _deletes;
    private int _commits;

    public IReadOnlyCollection<DeployedWorker> Workers => [.. _workers.Values];

    public EndpointProfile Endpoint(ServerIdentity identity, string scriptName) =>
        new($"https://{scriptName}.example.workers.dev", [$"{scriptName}.example.workers.dev"], "https://mcpsaas.example/api/usage");

    public Task<IReadOnlyList<DeployedWorker>> ObserveAsync(string owner, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeployedWorker>>([.. _workers.Values.Where(w => w.Ownership.Owner == owner)]);

    public Task DeployAsync(DesiredWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (FailingScripts.Contains(worker.ScriptName))
        {
            throw new InvalidOperationException($"deploy of {worker.ScriptName} failed (injected)");
        }

        Interlocked.Increment(ref _deploys);
        _workers[worker.ScriptName] = new DeployedWorker(worker.ScriptName, worker.Ownership, worker.ContentHash, Endpoint(worker.Identity, worker.ScriptName).BaseUrl);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(DeployedWorker worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        Interlocked.Increment(ref _deletes);
        _workers.TryRemove(worker.ScriptName, out _);
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }

    /// <summary>Simulates a change made outside McpSaas.</summary>
    public void Tamper(string scriptName) =>
        _workers[scriptName] = _workers[scriptName] with { ActualHash = "tampered" };
}
