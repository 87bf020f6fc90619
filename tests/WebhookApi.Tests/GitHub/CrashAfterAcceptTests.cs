using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.WebhookApi.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpSaas.WebhookApi.Tests.GitHub;

/// <summary>The host as a real child process, killed with SIGKILL right after it answered 202: the job survives and runs after a restart.</summary>
public sealed class CrashAfterAcceptTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task KillNine_RightAfterThe202_LosesNothing_TheJobRunsAfterRestart()
    {
        using var keys = System.Security.Cryptography.RSA.Create(2048);
        var port = FreePort();
        using var host = StartHost(port, keys.ExportRSAPrivateKeyPem());
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilUpAsync(client, host);

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "crash-1", Payloads.Push()));
        host.Kill(); // SIGKILL: no shutdown, no flush, nothing after the answer
        await host.WaitForExitAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(137, host.ExitCode); // 128 + SIGKILL
        SqliteConnection.ClearAllPools();
        using (var store = new SqliteStateStore(SqliteStateStoreOptions.ForDataDirectory(_data), TimeProvider.System))
        {
            var job = Assert.Single(await store.ListJobsAsync(null, 10, CancellationToken.None));
            Assert.Equal((JobState.Pending, "6113728f27ae82c7b1a177c8d03f9e96e0adf246"), (job.State, job.CommitSha));
            Assert.NotNull(await store.GetDeliveryAsync("crash-1", CancellationToken.None));
        }

        SqliteConnection.ClearAllPools();
        using var restarted = new GitOpsAppFactory(_data) { UseFakeClock = false };
        restarted.Settings["Jobs:Enabled"] = "true";
        _ = restarted.Services;
        await RecordingJobHandler.Eventually(() => restarted.Handler.Calls.Count == 1, "the job to run after the restart");
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", restarted.Handler.Calls[0].Job.CommitSha);
    }

    private Process StartHost(int port, string privateKeyPem)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(HostDll());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["MCPSAAS_State__DataDirectory"] = _data;
        start.Environment["MCPSAAS_GitHub__AppId"] = "424242";
        start.Environment["MCPSAAS_GitHub__PrivateKey"] = privateKeyPem;
        start.Environment["MCPSAAS_GitHub__WebhookSecret"] = GitOpsAppFactory.Secret;
        start.Environment["MCPSAAS_Jobs__Enabled"] = "false";
        start.Environment["MCPSAAS_Scheduling__Enabled"] = "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the host did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(HttpClient client, Process host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(host.HasExited, "the host exited while starting");
            try
            {
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the host did not answer /healthz within 60 s");
    }

    private static string HostDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return Path.Combine(dir.FullName, "src", "WebhookApi", "bin", "Debug", "net10.0", "McpSaas.WebhookApi.dll");
            }
        }

        throw new InvalidOperationException("McpSaas.sln not found above the test folder");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
