namespace McpSaas.Cli;

/// <summary>What every command writes to, and the shared options; colour only when stdout is a terminal.</summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr)
{
    public GlobalOptions Options { get; } = new();

    public bool Color { get; init; } = ReferenceEquals(Stdout, Console.Out) && !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("NO_COLOR") is null;
}
