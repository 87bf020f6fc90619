using System.Diagnostics;
using System.Globalization;

namespace McpSaas.Cli.Local;

/// <summary>Liveness, command line and signals of another process by its pid (Linux <c>/proc</c>).</summary>
internal static class ProcessProbe
{
    /// <summary>Whether the process runs (a zombie, exited but not reaped, does not).</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            if (!File.Exists(stat))
            {
                return false;
            }

            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The process's arguments (empty when it is gone).</summary>
    public static IReadOnlyList<string> Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit();
    }
}
