namespace McpSaas.Cli;

/// <summary>
/// What every command reads from and writes to, and the shared options; colour only when stdout is a terminal.
/// Tests set <see cref="Stdin"/>, <see cref="Time"/> and <see cref="GetEnvironmentVariable"/> to run commands in-process.
/// </summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr)
{
    public GlobalOptions Options { get; } = new();

    public bool Color { get; init; } = ReferenceEquals(Stdout, Console.Out) && !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    /// <summary>Standard input (<c>secrets set</c> reads the value from it).</summary>
    public TextReader Stdin { get; init; } = Console.In;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Who the audit log says did it.</summary>
    public string Actor { get; init; } = $"cli:{Environment.UserName}";

    /// <summary>
    /// <c> --data DIR</c> when the command was given an explicit data folder, else empty: appended to the commands a hint
    /// tells the user to run, so they act on the same data folder (set once the command line is parsed).
    /// </summary>
    public string DataArgument { get; set; } = "";

    /// <summary>The <c> --data DIR</c> argument for a folder, shell-quoted when it holds anything but plain path characters.</summary>
    public static string DataArgumentFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var plain = path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@');
        return " --data " + (plain ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
    }

    /// <summary>Whether <see cref="Stdin"/> is an interactive terminal (then a secret is typed without echo).</summary>
    public bool StdinIsTerminal => ReferenceEquals(Stdin, Console.In) && !Console.IsInputRedirected;
}
