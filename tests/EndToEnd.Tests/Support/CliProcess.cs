using System.Diagnostics;
using System.Text;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>mcpsaas as a real process (for what needs one: `up` until Ctrl-C, a kill in the middle of apply).</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    public CliProcess(string dataDirectory, params string[] args)
        : this(dataDirectory, interruptible: false, args)
    {
    }

    /// <param name="dataDirectory">The --data folder.</param>
    /// <param name="interruptible">
    /// Start it with SIGINT at its default disposition, as from a terminal. A process started in the background by a
    /// non-interactive shell (or under some CI runners) inherits SIGINT ignored, and so would this one: then Ctrl-C
    /// could not be tested. A tiny exec wrapper (perl, part of every Debian base system) resets it first.
    /// </param>
    /// <param name="args">The mcpsaas arguments (--data is added).</param>
    public CliProcess(string dataDirectory, bool interruptible, params string[] args)
        : this(dataDirectory, interruptible, null, args)
    {
    }

    /// <param name="dataDirectory">The --data folder.</param>
    /// <param name="interruptible">See the other constructor.</param>
    /// <param name="environment">More environment variables (configuration keys, <c>MCPSAAS_…</c>).</param>
    /// <param name="args">The mcpsaas arguments (--data is added).</param>
    public CliProcess(string dataDirectory, bool interruptible, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(interruptible ? "perl" : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (interruptible)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add("$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Checkout.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(dataDirectory);
        start.Environment["MCPSAAS_HOME"] = Checkout.Root;
        start.Environment["MCPSAAS_LOCAL_OUTBOUND"] = "public,private,local";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start mcpsaas");
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until stdout holds <paramref name="text"/> (or the process ends, or the timeout passes).</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (ready(Stdout))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return ready(Stdout);
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Sends a signal (INT = Ctrl-C, KILL = a crash).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public override string ToString() => $"--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
