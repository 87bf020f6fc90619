namespace McpSaas.Reconciler.State;

/// <summary>Platform settings (<see cref="PlatformSettings"/>): small named strings kept so things stay stable across runs.</summary>
public interface ISettingsStore
{
    Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken);

    Task SetSettingAsync(string name, string value, CancellationToken cancellationToken);

    /// <summary>Returns the stored value, storing <paramref name="proposed"/> first when there is none (atomic across processes).</summary>
    Task<string> GetOrAddSettingAsync(string name, string proposed, CancellationToken cancellationToken);
}
