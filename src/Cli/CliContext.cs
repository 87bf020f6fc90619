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

    /// <summary>Whether <see cref="Stdin"/> is an interactive terminal (then a secret is typed without echo).</summary>
    public bool StdinIsTerminal => ReferenceEquals(Stdin, Console.In) && !Console.IsInputRedirected;
}
