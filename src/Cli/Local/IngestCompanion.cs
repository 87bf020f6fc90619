using System.Diagnostics;
using System.Text.Json;

namespace McpSaas.Cli.Local;

/// <summary>
/// The local usage endpoint as its own process, the <em>ingest companion</em>: <c>mcpsaas local ingest --data DIR</c>
/// (a hidden command) serving <c>POST /api/usage</c> on the data folder's usage port. The local runtime (workerd) is
/// detached and outlives the command that started it, so its usage endpoint must too: whoever leaves workerd running
/// (<c>apply</c>, <c>keys</c>) makes sure the companion runs; <c>local stop</c> stops both; <c>up</c>, which serves the
/// endpoint in-process, stops it first. It is started detached (its own session, so Ctrl-C in the terminal does not
/// reach it; output appended to <c>&lt;data&gt;/local/ingest.log</c>, mode 0600) and writes <c>ingest.pid</c> itself once
/// it listens; it exits by itself when no workerd has run for a minute.
/// </summary>
internal sealed class IngestCompanion(string dataDirectory, int port, CliContext context)
{
    public const string CommandName = "ingest";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public string Root => Path.Combine(Path.GetFullPath(dataDirectory), "local");

    public string PidPath => Path.Combine(Root, "ingest.pid");

    public string LogPath => Path.Combine(Root, "ingest.log");

    public int Port => port;

    public string UsageUrl => $"http://127.0.0.1:{port}/api/usage";

    /// <summary>How long a start may take before it is reported as failed.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL when stopping.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The running companion of this data folder, or null (a stale pid file is removed).</summary>
    public IngestPidFile? Running()
    {
        IngestPidFile? record = null;
        try
        {
            record = JsonSerializer.Deserialize(File.ReadAllText(PidPath), LocalCliJsonContext.Default.IngestPidFile);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // no pid file, or a damaged one: not running
        }

        if (record is not null && IsCompanion(record.Pid))
        {
            return record;
        }

        TryDelete(PidPath);
        return null;
    }

    /// <summary>
    /// Makes sure the usage endpoint answers on the usage port: the companion runs already, or is started now, or
    /// another McpSaas process (<c>up</c>) serves it. Never throws for a start that fails: the result says why.
    /// </summary>
    public async Task<IngestStart> EnsureAsync(CancellationToken cancellationToken)
    {
        if (Running() is { } running)
        {
            return new IngestStart(IngestState.Running, running, null);
        }

        if (!Reconciler.Platforms.Local.LoopbackPorts.IsFree(port))
        {
            return await AnswersAsync(cancellationToken)
                ? new IngestStart(IngestState.ServedElsewhere, null, null)
                : new IngestStart(IngestState.Unavailable, null,
                    $"port {port} on 127.0.0.1 (this data folder's usage port) is used by another program: stop it; until then usage is not recorded and quotas are not confirmed");
        }

        return await StartAsync(cancellationToken);
    }

    /// <summary>
    /// Whether this data folder's usage endpoint answers on the usage port (the companion, <c>up</c> or <c>serve</c> of
    /// this folder): its <c>/healthz</c> names this folder's instance. Another program, or another data folder's McpSaas
    /// (which would refuse this folder's usage tokens), does not count.
    /// </summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return health.RootElement.ValueKind == JsonValueKind.Object
                && health.RootElement.TryGetProperty("status", out var status) && status.ValueEquals("ok")
                && health.RootElement.TryGetProperty("instance", out var instance)
                && instance.ValueEquals(Reconciler.State.StatePaths.Instance(dataDirectory));
        }
        catch (JsonException)
        {
            return false;
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

    /// <summary>Stops the companion: SIGTERM, then SIGKILL after the grace period. True when one was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        var running = Running();
        if (running is null)
        {
            return false;
        }

        ProcessProbe.Signal(running.Pid, "TERM");
        var deadline = context.Time.GetUtcNow() + StopGrace;
        while (ProcessProbe.IsAlive(running.Pid) && context.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), context.Time, cancellationToken);
        }

        if (ProcessProbe.IsAlive(running.Pid))
        {
            ProcessProbe.Signal(running.Pid, "KILL");
            for (var i = 0; i < 100 && ProcessProbe.IsAlive(running.Pid); i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), context.Time, cancellationToken);
            }
        }

        TryDelete(PidPath);
        return true;
    }

    /// <summary>Called by the companion itself once it listens.</summary>
    public async Task WritePidFileAsync(IngestPidFile record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        var temporary = PidPath + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record, LocalCliJsonContext.Default.IngestPidFile), cancellationToken);
        MakePrivate(temporary);
        File.Move(temporary, PidPath, overwrite: true);
    }

    /// <summary>Called by the companion itself as it stops: removes the pid file when it is still its own.</summary>
    public void RemovePidFile(int pid)
    {
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllText(PidPath), LocalCliJsonContext.Default.IngestPidFile);
            if (record?.Pid == pid)
            {
                File.Delete(PidPath);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // already gone
        }
    }

    private async Task<IngestStart> StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        EnsurePrivateLog();
        var (program, prefix) = Program();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Root };
        // exec setsid: its own session (Ctrl-C in the terminal does not reach it), and it keeps this pid.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec setsid \"$0\" \"$@\" >>\"$log\" 2>&1 </dev/null");
        start.ArgumentList.Add(program);
        start.ArgumentList.Add(LogPath);
        foreach (var arg in prefix)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("local");
        start.ArgumentList.Add(CommandName);
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(Path.GetFullPath(dataDirectory));
        // What the companion needs, as this command sees it (tests set it in the context); git credentials it does not need.
        foreach (var name in new[] { "MCPSAAS_HOME", "MCPSAAS_SECRETS_KEY", "MCPSAAS_WORKERD", "MCPSAAS_LOCAL_OUTBOUND" })
        {
            if (context.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment.Remove("MCPSAAS_GIT_TOKEN");
        start.Environment.Remove("MCPSAAS_GIT_USER");

        var logOffset = new FileInfo(LogPath).Length;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the usage ingest process");
        var deadline = context.Time.GetUtcNow() + ReadyTimeout;
        while (context.Time.GetUtcNow() < deadline)
        {
            if (process.HasExited)
            {
                // Another command of this data folder may have started one at the same moment: that one serves.
                if (Running() is { } other)
                {
                    return new IngestStart(IngestState.Running, other, null);
                }

                return await AnswersAsync(cancellationToken)
                    ? new IngestStart(IngestState.ServedElsewhere, null, null)
                    : new IngestStart(IngestState.Unavailable, null, $"the usage ingest process exited at start (code {process.ExitCode}): {LogTail(logOffset)}");
            }

            if (Running() is { } running && running.Pid == process.Id && await AnswersAsync(cancellationToken))
            {
                return new IngestStart(IngestState.Started, running, null);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), context.Time, cancellationToken);
        }

        ProcessProbe.Signal(process.Id, "KILL");
        return new IngestStart(IngestState.Unavailable, null,
            $"the usage ingest process did not answer on 127.0.0.1:{port} within {ReadyTimeout.TotalSeconds:0} s: {LogTail(logOffset)}");
    }

    /// <summary>The program to run: this CLI again (its apphost, or <c>dotnet mcpsaas.dll</c>).</summary>
    private (string Program, IReadOnlyList<string> Prefix) Program()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "mcpsaas")
        {
            return (self, []);
        }

        var dll = typeof(IngestCompanion).Assembly.Location;
        var host = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : context.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (host, [dll]);
    }

    private bool IsCompanion(int pid)
    {
        if (!ProcessProbe.IsAlive(pid))
        {
            return false;
        }

        var args = ProcessProbe.Arguments(pid);
        var local = args.ToList().IndexOf("local");
        return local >= 0 && local + 1 < args.Count && args[local + 1] == CommandName;
    }

    private void EnsurePrivateLog()
    {
        if (!File.Exists(LogPath))
        {
            using var created = File.Create(LogPath);
        }

        MakePrivate(LogPath);
    }

    /// <summary>0600: the log and pid file are the user's only (the companion is Linux-only: /proc, setsid).</summary>
    private static void MakePrivate(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private string LogTail(long offset)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? $"(nothing in {LogPath})" : string.Join(" | ", lines.TakeLast(8)) + $" (log: {LogPath})";
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // someone else removed or replaced it
        }
    }
}
