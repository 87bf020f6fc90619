namespace McpSaas.Reconciler.Platforms;

/// <summary>
/// The tick of a long-running host: one <see cref="PlatformObservation"/> shared by every run started within
/// <see cref="Tick"/> of the listing (the job runner starts runs one repository at a time, not in one loop), so a
/// periodic sweep over many repositories lists the account once per tick, not once per repository. Writes of those
/// runs are folded into the shared listing; a run that failed on the platform invalidates it.
/// </summary>
public sealed class PlatformObservationCache(IWorkerPlatform platform, TimeProvider time)
{
    private readonly Lock _gate = new();
    private PlatformObservation? _current;
    private DateTimeOffset _since;

    /// <summary>How long one listing serves (default 30 s).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(30);

    public PlatformObservation Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_current is null || now - _since >= Tick)
            {
                _current = new PlatformObservation(platform);
                _since = now;
            }

            return _current;
        }
    }
}
