using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Tests.Platforms.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Contract;

/// <summary>The platform seam's contract on Cloudflare: the real client and platform against the fake Cloudflare API.</summary>
public sealed class CloudflarePlatformContractTests : WorkerPlatformContract
{
    private CloudflareHarness? _harness;

    protected override async Task<IWorkerPlatform> StartAsync()
    {
        _harness = await CloudflareHarness.StartAsync();
        return new CloudflarePlatform(_harness.Client, new CloudflarePlatformOptions { PublicBaseUrl = "https://mcpsaas.example" }, TimeProvider.System);
    }

    protected override async Task StopAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    protected override Task<IReadOnlyDictionary<string, string?>> SecretsOfAsync(DesiredWorker worker) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(_harness!.Fake.Script(worker.ScriptName)!.Secrets.ToDictionary(s => s.Key, s => (string?)s.Value, StringComparer.Ordinal));

    protected override Task ChangeOutsideAsync(string scriptName)
    {
        _harness!.Fake.DeployOutside(scriptName, main => main + "\n// changed from the dashboard\n");
        return Task.CompletedTask;
    }
}
