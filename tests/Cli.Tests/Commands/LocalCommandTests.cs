namespace McpSaas.Cli.Tests.Commands;

public sealed class LocalCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("status", "local runtime: stopped")]
    [InlineData("stop", "local runtime was not running")]
    public async Task Local_DataFolderThatDoesNotExist_SaysNothingRuns_AndCreatesNothing(string command, string expected)
    {
        var (exit, stdout, stderr) = await _cli.RunAsync(["local", command]);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.StartsWith(expected, stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Data), "a read of a data folder that does not exist created it");
    }
}
