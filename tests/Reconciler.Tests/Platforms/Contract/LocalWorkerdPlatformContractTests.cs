using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Tests.Support;

namespace McpSaas.Reconciler.Tests.Platforms.Contract;

/// <summary>The platform seam's contract on the local platform: real workerd on a loopback port, Workers as folders.</summary>
public sealed class LocalWorkerdPlatformContractTests : WorkerPlatformContract
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly TempDir _data = new("mcpsaas-contract-local");
    private readonly int _port = Workerd.FreePort();
    private LocalWorkerdPlatform? _platform;

    protected override Task<IWorkerPlatform> StartAsync()
    {
        _platform = new LocalWorkerdPlatform(
            new LocalPlatformOptions { DataDirectory = _data.Path, WorkerdPath = Workerd.Binary(), Port = _port },
            new SecretsKeySource(_data.Path, null),
            TimeProvider.System);
        return Task.FromResult<IWorkerPlatform>(_platform);
    }

    protected override async Task StopAsync()
    {
        if (_platform is not null)
        {
            await _platform.StopAsync(CancellationToken.None);
        }

        _data.Dispose();
    }

    /// <summary>What the served Worker sees (the echo runtime answers its secret bindings).</summary>
    protected override async Task<IReadOnlyDictionary<string, string?>> SecretsOfAsync(DesiredWorker worker)
    {
        var url = new Uri($"http://127.0.0.1:{_port}{LocalWorkerdPlatform.Route(worker.Id)}/echo");
        using var echo = JsonDocument.Parse(await Http.GetStringAsync(url));
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MCP_SECRET_SLACK_BOTTOKEN"] = echo.RootElement.GetProperty("botToken").GetString(),
            ["MCP_USAGE_TOKEN"] = echo.RootElement.GetProperty("usageToken").GetString(),
        };
    }

    protected override Task ChangeOutsideAsync(string scriptName) =>
        File.AppendAllTextAsync(Path.Combine(_data.Path, "local", "workers", scriptName, "runtime.mjs"), "\n// edited by hand\n");
}
