namespace McpSaas.Cli.Tests;

public sealed class CliAppTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_ListsEveryCommandOfTheArchitecture_ExitsZero()
    {
        var (exit, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "validate", "plan", "apply", "up", "serve", "servers", "secrets", "keys", "connect", "usage", "admin", "local" })
        {
            Assert.Contains($"  {command}", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_OfLocal_ShowsStatusAndStop_NotTheIngestProcessItRunsItself()
    {
        var (exit, stdout, _) = await RunAsync("local", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("  status", stdout, StringComparison.Ordinal);
        Assert.Contains("  stop", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ingest", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("up")]
    [InlineData("servers", "list")]
    [InlineData("secrets", "set")]
    [InlineData("keys", "revoke")]
    [InlineData("connect")]
    [InlineData("usage")]
    [InlineData("admin", "plan")]
    [InlineData("local", "stop")]
    public async Task Help_OnEveryCommand_ExitsZero(params string[] command)
    {
        var (exit, stdout, _) = await RunAsync([.. command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', command), stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("--frobnicate")]
    [InlineData("validate", "--frobnicate")]
    [InlineData("keys", "create")]
    [InlineData("admin", "plan", "local", "platinum")]
    [InlineData("connect", "a/b/c", "--client", "emacs")]
    public async Task UnknownCommandOrFlag_OrBadArgument_IsAUsageError(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: mcpsaas", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("--calls-per-month", "admin", "plan", "acme", "pro", "--calls-per-month", "lots")]
    [InlineData("--limit", "audit", "--limit", "abc")]
    [InlineData("--interval", "up", "--interval", "abc")]
    public async Task NotANumber_NamesTheOptionAndWhatItTakes_NotADotNetType(string option, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.Contains("number", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task DataThatIsEmpty_IsAUsageError_NoStackTrace(string data)
    {
        var (exit, _, stderr) = await RunAsync("servers", "list", "--data", data);

        Assert.Equal(2, exit);
        Assert.Contains("--data is empty", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("servers", "list")]
    [InlineData("secrets", "set", "local", "slack-bot")]
    [InlineData("admin", "plan", "acme", "pro")]
    [InlineData("apply", "--source", "examples")]
    [InlineData("keys", "list", "local/examples/docs-reader")]
    public async Task DataThatIsAFile_IsAUsageError_NamingIt_NoStackTrace(params string[] args)
    {
        var file = Path.GetTempFileName();
        try
        {
            foreach (var data in new[] { file, Path.Combine(file, "sub") })
            {
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();
                var context = new CliContext(stdout, stderr) { Stdin = new StringReader("value") };

                var exit = await CliApp.RunAsync([.. args, "--data", data], context, CancellationToken.None);

                Assert.Equal(2, exit);
                Assert.Contains($"--data '{data}'", stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains($"'{file}' is a file", stderr.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
                Assert.Equal(0, new FileInfo(file).Length);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task NoCommand_PrintsTheUsageLine_ExitsTwo()
    {
        var (exit, _, stderr) = await RunAsync();

        Assert.Equal(2, exit);
        Assert.Contains(CliApp.UsageLine, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetCloudflare_WithoutConfiguration_NamesEachVariable_DoesNothing_ExitsTwo()
    {
        using var cli = new Commands.CliRun();
        var source = Path.Combine(Path.GetDirectoryName(cli.Data)!, "examples");
        Directory.CreateDirectory(source);

        var (exit, _, stderr) = await cli.RunAsync(["plan", "--source", source, "--target", "cloudflare"]);

        Assert.Equal(2, exit);
        Assert.Contains("MCPSAAS_Cloudflare__AccountId is not set", stderr, StringComparison.Ordinal);
        Assert.Contains("MCPSAAS_Cloudflare__ApiToken is not set", stderr, StringComparison.Ordinal);
        Assert.Contains("MCPSAAS_PublicBaseUrl is not set", stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was done", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Data, "state.db")));
    }
}
