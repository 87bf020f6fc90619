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

    /// <summary>
    /// The pid of a workerd being started and not yet known to answer: written right after it is started, removed once it
    /// is recorded in <c>workerd.pid</c> (or killed). Left behind only when the starting process itself died (kill -9 of an
    /// <c>apply</c>): that workerd is then an orphan serving an unconfirmed configuration, and the next start or stop ends it.
    /// </summary>
    private string StartingPath => Path.Combine(options.Root, "workerd.starting.pid");

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

    /// <summary>
    /// Starts workerd on <paramref name="configPath"/> beside the running one, on the same port (an <c>SO_REUSEPORT</c>
    /// socket handed over with <c>--socket-fd</c>), and waits until it answers on a private check port: its router and the
    /// <c>/healthz</c> of every route in <paramref name="checkRoutes"/>. Only then is the previous one stopped, so serving
    /// never stops for a restart. When the new one does not start (or does not answer in time) it is killed and the
    /// running one is left exactly as it was. Secrets travel in <paramref name="environment"/>; nothing else of this
    /// process's environment is passed on.
    /// </summary>
    public async Task<WorkerdPidFile> StartAsync(string configPath, string configHash, int workers, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> checkRoutes, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.WorkerdPath))
        {
            throw new LocalPlatformException(
                $"workerd was not found at {options.WorkerdPath}: run 'npm ci' in worker-runtime (./mcpsaas does it for you) or set MCPSAAS_WORKERD");
        }

        Directory.CreateDirectory(options.Root);
        await EndOrphanAsync(cancellationToken);
        var previous = Running();
        if (previous is null && !LoopbackPorts.IsFree(options.Port))
        {
            // Shared sockets let any process of this user listen beside another: share only with this data folder's own workerd.
            throw new LocalPlatformException(
                $"port {options.Port} on 127.0.0.1 is in use by another program (or another data folder's runtime): stop it, or use another data folder (--data)");
        }

        var listener = SharedListener.TryOpen(options.Port);
        if (listener is null && previous is not null && !previous.SharesPort)
        {
            await StopAsync(cancellationToken); // a runtime started before ports were shared: this once, stop it first
            listener = SharedListener.TryOpen(options.Port);
        }

        if (listener is null)
        {
            throw new LocalPlatformException(
                $"port {options.Port} on 127.0.0.1 is in use by another program: stop it, or use another data folder (--data)");
        }

        var checkPort = LoopbackPorts.Any();
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = options.Root,
        };
        // exec setsid: workerd gets its own session (Ctrl-C in the terminal does not reach it) and keeps this pid.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$0\" serve \"$1\" --verbose --socket-fd \"http=$2\" --socket-addr \"check=127.0.0.1:$3\" >>\"$4\" 2>&1 </dev/null");
        start.ArgumentList.Add(options.WorkerdPath);
        start.ArgumentList.Add(configPath);
        start.ArgumentList.Add(SharedListener.Descriptor(listener).ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(checkPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(LogPath);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        EnsureLog();
        var logOffset = new FileInfo(LogPath).Length;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LocalPlatformException("could not start workerd");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            listener.Dispose();
            throw new LocalPlatformException($"could not start workerd: {e.Message}", e);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        // workerd holds its own copy; this one stays (not inherited by any other child) to steer the port once it answers.
        using var steering = listener;
        SharedListener.SetInheritable(steering, false);
        await File.WriteAllTextAsync(StartingPath, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken); // like workerd.pid

        using (process)
        {
            var record = new WorkerdPidFile(process.Id, options.Port, configHash, time.GetUtcNow(), workers, SharesPort: true);
            var failure = await WaitReadyAsync(process, checkPort, checkRoutes, cancellationToken);
            if (failure is not null)
            {
                if (!process.HasExited)
                {
                    Signal(process.Id, "KILL");
                    await process.WaitForExitAsync(CancellationToken.None);
                }

                File.Delete(StartingPath);
                throw new LocalPlatformException($"{failure}: {LogTail(logOffset)}");
            }

            if (previous is not null && previous.Pid != process.Id)
            {
                // Every new connection to the new workerd; the old one takes what already waits in its queue, then stops.
                if (SharedListener.Steer(steering, 1))
                {
                    await Task.Delay(options.HandoverSettle, cancellationToken);
                }

                await StopPidAsync(previous.Pid, cancellationToken);
            }

            await File.WriteAllTextAsync(PidPath, JsonSerializer.Serialize(record, LocalJsonContext.Default.WorkerdPidFile), cancellationToken);
            File.Delete(StartingPath);
            return record;
        }
    }

    /// <summary>Null once the new workerd answers on its check port (router and every route's <c>/healthz</c>), else why not.</summary>
    private async Task<string?> WaitReadyAsync(Process process, int checkPort, IReadOnlyList<string> checkRoutes, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.ReadyTimeout;
        var pending = new List<string>(["/healthz", .. checkRoutes.Select(r => r + "/healthz")]);
        while (time.GetUtcNow() < deadline)
        {
            if (process.HasExited)
            {
                return $"workerd exited at start (code {process.ExitCode})";
            }

            while (pending.Count > 0 && await AnswersAsync(checkPort, pending[0], cancellationToken))
            {
                pending.RemoveAt(0);
            }

            if (pending.Count == 0)
            {
                return null;
            }

            await Task.Delay(50, cancellationToken);
        }

        return $"workerd did not answer {pending[0]} within {options.ReadyTimeout.TotalSeconds:0} s";
    }

    /// <summary>Stops the running workerd: SIGTERM, then SIGKILL after the grace period. True when one was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        await EndOrphanAsync(cancellationToken);
        var running = Running();
        if (running is null)
        {
            return false;
        }

        await StopPidAsync(running.Pid, cancellationToken);
        File.Delete(PidPath);
        return true;
    }

    /// <summary>
    /// Stops the workerd a killed start left behind (see <see cref="StartingPath"/>) unless it is the recorded one: it
    /// may hold the port alone (no pid file yet) or share it with the recorded one while serving an older configuration.
    /// Only a process that is this data folder's workerd is signalled (a reused pid is left alone).
    /// </summary>
    private async Task EndOrphanAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(StartingPath))
        {
            return;
        }

        if (int.TryParse(File.ReadAllText(StartingPath).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            && IsWorkerd(pid, options.Root) && Running()?.Pid != pid)
        {
            await StopPidAsync(pid, cancellationToken);
        }

        File.Delete(StartingPath);
    }

    private async Task StopPidAsync(int pid, CancellationToken cancellationToken)
    {
        Signal(pid, "TERM");
        var deadline = time.GetUtcNow() + options.StopGrace;
        while (IsAlive(pid) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(25, cancellationToken);
        }

        if (IsAlive(pid))
        {
            Signal(pid, "KILL");
            for (var i = 0; i < 100 && IsAlive(pid); i++)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    private async Task<bool> AnswersAsync(int port, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), cancellationToken);
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

    /// <summary>The log file, created owner-only (it may hold what Workers print).</summary>
    private void EnsureLog()
    {
        if (File.Exists(LogPath))
        {
            return;
        }

        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var created = new FileStream(LogPath, create);
        }
        catch (IOException) when (File.Exists(LogPath))
        {
            // created by another process meanwhile
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

    /// <summary>Whether <paramref name="pid"/> is a live workerd; with <paramref name="root"/>, one serving a configuration under it.</summary>
    private static bool IsWorkerd(int pid, string? root = null)
    {
        try
        {
            if (!IsAlive(pid))
            {
                return false;
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("workerd", StringComparison.Ordinal) && (root is null || commandLine.Contains(root, StringComparison.Ordinal));
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
