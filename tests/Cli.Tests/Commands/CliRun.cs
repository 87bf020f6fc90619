using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Cli.Tests.Commands;

/// <summary>Runs the CLI in-process against a temp data folder, with a given stdin, clock and environment.</summary>
public sealed class CliRun : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public CliRun()
    {
        Data = Path.Combine(Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"), ".mcpsaas");
    }

    public string Data { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public Dictionary<string, string> Environment { get; } = [];

    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr)
        {
            Stdin = new StringReader(stdin),
            Time = Clock,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            Actor = "cli:test",
        };
        var exit = await CliApp.RunAsync([.. args, "--data", Data], context, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args) => RunAsync("", args);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        var root = Path.GetDirectoryName(Data)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
