namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>What <c>/proc</c> says of a process (Linux).</summary>
internal static class Processes
{
    /// <summary>Whether the process runs: a zombie (exited, not yet reaped) does not.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The process's command line (arguments separated by NUL), or empty when it is gone or unreadable.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
