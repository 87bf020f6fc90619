using System.Net;
using System.Net.Sockets;
using System.Text;
using McpSaas.Cli.Local;
using McpSaas.Reconciler.State;

namespace McpSaas.Cli.Tests.Local;

/// <summary>
/// Whose usage endpoint holds the data folder's usage port: only one whose <c>/healthz</c> names this folder's instance
/// counts as serving it. Another data folder's McpSaas there would refuse this folder's usage tokens (401) forever, so
/// it is reported as the port being taken, not as "served elsewhere".
/// </summary>
public sealed class IngestCompanionTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mcpsaas-ingest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Ensure_WhenAnotherDataFoldersEndpointHoldsThePort_SaysThePortIsTaken()
    {
        using var other = new HealthServer("""{"status":"ok","instance":"0123456789abcdef"}""");
        var companion = new IngestCompanion(_data, other.Port, new CliContext(TextWriter.Null, TextWriter.Null));

        var start = await companion.EnsureAsync(CancellationToken.None);

        Assert.Equal(IngestState.Unavailable, start.State);
        Assert.Contains($"port {other.Port} on 127.0.0.1 (this data folder's usage port) is used by another program", start.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensure_WhenThisDataFoldersEndpointHoldsThePort_SaysItIsServedElsewhere()
    {
        using var own = new HealthServer($$"""{"status":"ok","instance":"{{StatePaths.Instance(_data)}}"}""");
        var companion = new IngestCompanion(_data, own.Port, new CliContext(TextWriter.Null, TextWriter.Null));

        var start = await companion.EnsureAsync(CancellationToken.None);

        Assert.Equal(IngestState.ServedElsewhere, start.State);
    }

    [Theory]
    [InlineData("""{"status":"ok"}""")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task Answers_IsFalse_ForAnythingThatDoesNotNameThisFolder(string body)
    {
        using var server = new HealthServer(body);
        var companion = new IngestCompanion(_data, server.Port, new CliContext(TextWriter.Null, TextWriter.Null));

        Assert.False(await companion.AnswersAsync(CancellationToken.None));
    }

    [Fact]
    public void Instance_IsStable_ForOneFolder_AndDiffersBetweenFolders()
    {
        Assert.Equal(StatePaths.Instance(_data), StatePaths.Instance(_data + "/"));
        Assert.NotEqual(StatePaths.Instance(_data), StatePaths.Instance(_data + "-other"));
        Assert.Matches("^[0-9a-f]{16}$", StatePaths.Instance(_data));
    }

    /// <summary>A loopback HTTP server answering every request with 200 and <c>body</c>.</summary>
    private sealed class HealthServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public HealthServer(string body)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        _ = await stream.ReadAsync(buffer, _stop.Token);
                        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                        await stream.WriteAsync(head, _stop.Token);
                        await stream.WriteAsync(bytes, _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                    {
                        // stopping, or a client that went away
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
