using System.Diagnostics;
using System.Text.Json;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// The one workerd process of a data folder: started detached (its own session, output to <c>workerd.log</c>),
/// recorded in <c>workerd.pid</c>, stopped with SIGTERM then SIGKILL after a grace period.
/// </summary>
public sealed class WorkerdProcess(LocalPlatformOptions options, TimeProvider time)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private string PidPath => Path.Combine(options.Root, "workerd.pid");

    private string LogPath => Path.Combine(options.Root, "workerd.log");

    /// <summary>The running workerd of this data folder, or null (a stale pid file is removed).</summary>
    public WorkerdPidFile? Running()
    {
        if (!File.Exists(PidPath))
        {
            return null;
        }

        WorkerdPidFile? record;
        try
        {
            record = JsonSerializer.Deserialize(File.ReadAllText(PidPath), LocalJsonContext.Default.WorkerdPidFile);
        }
        catch (JsonException)
        {
            record = null;
        }

        if (record is not null && IsWorkerd(record.Pid))
        {
            return record;
        }

        File.Delete(PidPath);
        return null;
    }

    /// <summary>Starts workerd on <paramref name="configPath"/> with the secrets in its environment and waits until it answers.</summary>
    public async Task<WorkerdPidFile> StartAsync(string configPath, string configHash, int workers, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.WorkerdPath))
        {
            throw new LocalPlatformException(
                $"workerd was not found at {options.WorkerdPath}: run 'npm ci' in worker-runtime (./mcpsaas does it for you) or set MCPSAAS_WORKERD");
        }

        EnsurePortFree();
        Directory.CreateDirectory(options.Root);
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = options.Root,
        };
        // exec setsid: workerd gets its own session (Ctrl-C in the terminal does not reach it) and keeps this pid.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$0\" serve \"$1\" --verbose >>\"$2\" 2>&1 </dev/null");
        start.ArgumentList.Add(options.WorkerdPath);
        start.ArgumentList.Add(configPath);
        start.ArgumentList.Add(LogPath);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var logOffset = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
        using var process = Process.Start(start) ?? throw new LocalPlatformException("could not start workerd");
        var record = new WorkerdPidFile(process.Id, options.Port, configHash, time.GetUtcNow(), workers);
        await File.WriteAllTextAsync(PidPath, JsonSerializer.Serialize(record, LocalJsonContext.Default.WorkerdPidFile), cancellationToken);

        var deadline = time.GetUtcNow() + options.ReadyTimeout;
        while (time.GetUtcNow() < deadline)
        {
            if (process.HasExited)
            {
                File.Delete(PidPath);
                throw new LocalPlatformException($"workerd exited at start (code {process.ExitCode}): {LogTail(logOffset)}");
            }

            if (await AnswersAsync(cancellationToken))
            {
                return record;
            }

            await Task.Delay(50, cancellationToken);
        }

        await StopAsync(cancellationToken);
        throw new LocalPlatformException($"workerd did not answer on 127.0.0.1:{options.Port} within {options.ReadyTimeout.TotalSeconds:0} s: {LogTail(logOffset)}");
    }

    /// <summary>Stops the running workerd: SIGTERM, then SIGKILL after the grace period. True when one was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        var running = Running();
        if (running is null)
        {
            return false;
        }

        Signal(running.Pid, "TERM");
        var deadline = time.GetUtcNow() + options.StopGrace;
        while (IsAlive(running.Pid) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(25, cancellationToken);
        }

        if (IsAlive(running.Pid))
        {
            Signal(running.Pid, "KILL");
            for (var i = 0; i < 100 && IsAlive(running.Pid); i++)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        File.Delete(PidPath);
        return true;
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{options.Port}/healthz"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void EnsurePortFree()
    {
        if (!LoopbackPorts.IsFree(options.Port))
        {
            throw new LocalPlatformException(
                $"port {options.Port} on 127.0.0.1 is in use by another program: stop it, or use another data folder (--data)");
        }
    }

    private string LogTail(long offset)
    {
        if (!File.Exists(LogPath))
        {
            return "(no log)";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "(empty log)" : string.Join(" | ", lines.TakeLast(8)) + $" (log: {LogPath})";
    }

    /// <summary>Whether the process runs (a zombie, exited but not reaped, does not).</summary>
    internal static bool IsAlive(int pid)
    {
        // A zombie (exited, not yet reaped) still has /proc/<pid>; its state letter is Z.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsWorkerd(int pid)
    {
        try
        {
            return IsAlive(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Contains("workerd", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit();
    }
}
