using System.Diagnostics;
using System.Text.Json;

namespace McpSaas.WorkerRuntime.Tests;

/// <summary>
/// One server (the internal conformance pack) in real workerd on 127.0.0.1, started through
/// worker-runtime/scripts/serve-test-server.mjs; stopped by closing its stdin (SIGTERM, then SIGKILL after 2 s).
/// </summary>
public sealed class WorkerdServer : IAsyncLifetime
{
    public const string Key = "mk_test_csharp-client-key";

    private Process? process;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await RuntimeBuild.EnsureBuiltAsync(timeout.Token);
        var start = new ProcessStartInfo("node", $"scripts/serve-test-server.mjs --key {Key} --keepalive-ms 1000")
        {
            WorkingDirectory = RepositoryPaths.WorkerRuntime,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        this.process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stderr = this.process.StandardError.ReadToEndAsync(timeout.Token);
        var line = await this.process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            throw new InvalidOperationException("the test server exited before it was ready:\n" + await stderr);
        }

        using var ready = JsonDocument.Parse(line);
        this.BaseUrl = new Uri(ready.RootElement.GetProperty("url").GetString() + "/");
    }

    public async Task DisposeAsync()
    {
        if (this.process is null)
        {
            return;
        }

        this.process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await this.process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            this.process.Kill(entireProcessTree: true);
        }

        this.process.Dispose();
    }
}
