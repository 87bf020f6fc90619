using McpSaas.Cli;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>Runs mcpsaas commands in-process against one data folder, with loopback outbound opened (stub APIs live there).</summary>
internal sealed class McpSaasCli(string dataDirectory)
{
    public string DataDirectory => dataDirectory;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["MCPSAAS_HOME"] = Checkout.Root,
        ["MCPSAAS_LOCAL_OUTBOUND"] = "public,private,local",
    };

    public async Task<CliRun> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr)
        {
            Stdin = new StringReader(stdin ?? ""),
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var v) ? v : System.Environment.GetEnvironmentVariable(name),
            Color = false,
        };
        var exit = await CliApp.RunAsync([.. args, "--data", dataDirectory], context, CancellationToken.None);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(null, args);
}

internal sealed record CliRun(int Exit, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
