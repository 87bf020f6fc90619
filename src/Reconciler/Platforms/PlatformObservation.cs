namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// One account-wide listing of a platform, shared by every repository reconciled in a tick: the first plan lists,
/// the others reuse it (one list call per tick on Cloudflare, not one per repository). Writes made during the tick
/// are folded in (<see cref="Deployed"/>, <see cref="Deleted"/>), so later plans of the same tick see them.
/// Thread-safe.
/// </summary>
public sealed class PlatformObservation(IWorkerPlatform platform)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, DeployedWorker>? _workers;

    public IWorkerPlatform Platform => platform;

    /// <summary>List calls made (0 or 1, unless <see cref="Invalidate"/> was called).</summary>
    public int Listings { get; private set; }

    /// <summary>The listing: fetched on first use, then served from memory.</summary>
    public async Task<IReadOnlyList<DeployedWorker>> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_workers is null)
            {
                var listed = await platform.ListAsync(cancellationToken).ConfigureAwait(false);
                Listings++;
                _workers = listed.GroupBy(w => w.ScriptName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            }

            return [.. _workers.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Folds a successful write into the listing.</summary>
    public void Deployed(DeployedWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _gate.Wait();
        try
        {
            _workers?[worker.ScriptName] = worker;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Folds a successful delete into the listing.</summary>
    public void Deleted(string scriptName)
    {
        _gate.Wait();
        try
        {
            _workers?.Remove(scriptName);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the listing: the next use lists again (after a failure left it uncertain).</summary>
    public void Invalidate()
    {
        _gate.Wait();
        try
        {
            _workers = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
