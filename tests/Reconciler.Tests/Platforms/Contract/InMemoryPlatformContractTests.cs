using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.InMemory;

namespace McpSaas.Reconciler.Tests.Platforms.Contract;

/// <summary>The platform seam's contract on the in-memory platform (benchmarks and reconciler tests rely on it behaving like the real ones).</summary>
public sealed class InMemoryPlatformContractTests : WorkerPlatformContract
{
    private readonly InMemoryPlatform _platform = new();

    protected override Task<IWorkerPlatform> StartAsync() => Task.FromResult<IWorkerPlatform>(_platform);

    protected override Task StopAsync() => Task.CompletedTask;

    protected override Task<IReadOnlyDictionary<string, string?>> SecretsOfAsync(DesiredWorker worker) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(_platform.SecretValues[worker.ScriptName].ToDictionary(s => s.Key, s => (string?)s.Value, StringComparer.Ordinal));

    protected override Task ChangeOutsideAsync(string scriptName)
    {
        _platform.Tamper(scriptName);
        return Task.CompletedTask;
    }
}
