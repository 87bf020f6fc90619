using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// Runs the fake's uploaded scripts in real workerd: one process for the account, rendered again (lazily, at the next
/// workers.dev request) after any change, so a test reaches the exact bytes that were uploaded.
/// </summary>
internal sealed class FakeWorkersRuntime : IAsyncDisposable
{
    private readonly FakeCloudflareOptions _options;
    private readonly Func<IReadOnlyList<FakeScriptView>> _scripts;
    private readonly string _folder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _log = new();
    private Process? _process;
    private int _port;
    private volatile bool _dirty = true;

    public FakeWorkersRuntime(FakeCloudflareOptions options, Func<IReadOnlyList<FakeScriptView>> scripts, string folder)
    {
        _options = options;
        _scripts = scripts;
        _folder = folder;
        Certificate = new FakeTlsCertificate(options.Subdomain ?? "none");
    }

    public FakeTlsCertificate Certificate { get; }

    /// <summary>Starts workerd on the first request after a change (an upload, a secret, a delete, workers.dev on/off).</summary>
    public void MarkDirty() => _dirty = true;

    /// <summary>The port of a workerd that serves the current scripts, starting or restarting it when needed.</summary>
    public async Task<int> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_dirty && _process is { HasExited: false })
            {
                return _port;
            }

            Stop();
            _dirty = false;
            var scripts = _scripts();
            var generation = Path.Combine(_folder, "runtime");
            if (Directory.Exists(Path.Combine(generation, "scripts")))
            {
                Directory.Delete(Path.Combine(generation, "scripts"), recursive: true);
            }

            Directory.CreateDirectory(generation);
            _port = FreePort();
            var (capnp, environment) = FakeWorkerdConfig.Render(scripts, generation, _port, _options.Subdomain ?? "none", Certificate);
            var config = Path.Combine(generation, "config.capnp");
            await File.WriteAllTextAsync(config, capnp, cancellationToken);

            var start = new ProcessStartInfo(WorkerdPath())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = generation,
            };
            start.ArgumentList.Add("serve");
            start.ArgumentList.Add(config);
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            lock (_log)
            {
                _log.Clear();
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("workerd did not start");
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;

            var started = Stopwatch.StartNew();
            while (started.Elapsed < _options.WorkerdStartTimeout)
            {
                if (process.HasExited)
                {
                    _dirty = true;
                    throw new HttpRequestException($"the fake's workerd exited at start (code {process.ExitCode}): {LogTail()}");
                }

                if (await AcceptsAsync(_port, cancellationToken))
                {
                    return _port;
                }

                await Task.Delay(20, cancellationToken);
            }

            _dirty = true;
            Stop();
            throw new HttpRequestException($"the fake's workerd did not listen within {_options.WorkerdStartTimeout.TotalSeconds:0} s: {LogTail()}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What workerd printed since it last started (errors of uploaded scripts show here).</summary>
    public string LogTail()
    {
        lock (_log)
        {
            var lines = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(12));
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 256 * 1024)
            {
                _log.Append(line).Append('\n');
            }
        }
    }

    private void Stop()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
            _process = null;
        }
    }

    private string WorkerdPath()
    {
        var path = _options.WorkerdPath ?? Environment.GetEnvironmentVariable("MCPSAAS_WORKERD") ?? FromRepository();
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"workerd is not installed at {path}: run 'npm ci' in worker-runtime, or set FakeCloudflareOptions.WorkerdPath / MCPSAAS_WORKERD");
    }

    private static string FromRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return Path.Combine(dir.FullName, "worker-runtime", "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd");
            }
        }

        return "workerd";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
