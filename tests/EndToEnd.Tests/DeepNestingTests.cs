using System.Diagnostics;
using System.Text;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Issue #9.5 through the CLI: 1 MiB of nesting (under the size limit) is one MCP007 diagnostic with its position, in
/// well under a second, from <c>validate</c> and from <c>plan</c> (which <c>serve</c> runs on every pull request).
/// </summary>
public sealed class DeepNestingTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-e2e-deep-data");
    private readonly TempDir _source = new("mcpsaas-e2e-deep-src");

    public void Dispose()
    {
        _source.Dispose();
        _data.Dispose();
    }

    private static string Mebibyte(string head, string unit)
    {
        var text = new StringBuilder(1024 * 1024).Append(head);
        while (text.Length + unit.Length <= 1024 * 1024)
        {
            text.Append(unit);
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("brackets", "a: ", "[")]
    [InlineData("braces", "a: ", "{")]
    [InlineData("flow-mappings", "", "{a: ")]
    public async Task Validate_OneMebibyteOfNesting_IsMcp007WithAPosition_InUnderASecond(string name, string head, string unit)
    {
        var cli = new McpSaasCli(_data.Path);
        _source.Write("warm/mcp.yaml", "a: [[1]]\n");
        await cli.RunAsync("validate", _source.Combine("warm", "mcp.yaml"));
        var file = _source.Write($"{name}/mcp.yaml", Mebibyte(head, unit));
        Assert.True(new FileInfo(file).Length <= 1024 * 1024);

        var clock = Stopwatch.StartNew();
        var run = await cli.RunAsync("validate", Path.Combine(_source.Path, name));
        clock.Stop();

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Matches(@"^mcp\.yaml:1:\d+: error MCP007: nesting deeper than 64 levels", run.Stdout);
        Assert.EndsWith("1 file, 0 servers, 1 error\n", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"validate took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Plan_AFileOfNestedBlockMappings_StallsItsServers_InUnderASecond()
    {
        var cli = new McpSaasCli(_data.Path);
        var nested = new StringBuilder();
        for (var depth = 0; nested.Length < 1000 * 1024; depth++)
        {
            nested.Append(' ', depth).Append("a:\n");
        }

        _source.Write("deep/mcp.yaml", nested.ToString());
        await cli.RunAsync("plan", "--source", _source.Path, "--json");

        var clock = Stopwatch.StartNew();
        var plan = await cli.RunAsync("plan", "--source", _source.Path);
        clock.Stop();

        Assert.True(plan.Exit == 1, plan.ToString());
        Assert.Contains("deep/mcp.yaml:65:65: error MCP007", plan.Stdout + plan.Stderr, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"plan took {clock.ElapsedMilliseconds} ms");
    }
}
