namespace McpSaas.Cli.Tests.Commands;

public sealed class HintsTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Plan_WithData_TheHintToSetASecret_NamesThatDataFolder()
    {
        var source = Path.Combine(Path.GetDirectoryName(_cli.Data)!, "tools", "team");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "mcp.yaml"), """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: team
            spec:
              plan: free
              tools:
                - use: slack
                  with: { channels: [C0456] }
                  secrets: { botToken: slack-bot }
            """);

        var (exit, stdout, stderr) = await _cli.RunAsync(["plan", "--source", Path.GetDirectoryName(source)!]);

        Assert.True(exit is 0 or 1, stderr);
        Assert.Contains($"run ./mcpsaas secrets set local slack-bot --data {_cli.Data}", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tmp/plain/.mcpsaas", " --data /tmp/plain/.mcpsaas")]
    [InlineData("/tmp/with space/it's", " --data '/tmp/with space/it'\\''s'")]
    public void DataArgument_IsShellQuotedWhenNeeded(string path, string expected) =>
        Assert.Equal(expected, CliContext.DataArgumentFor(path));
}
