using System.Diagnostics;
using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Issue #9.6 through the CLI: a folder with links to /dev/zero and out of the source, a fifo and folder links back to
/// itself is a set of diagnostics (each manifest once), never an out-of-memory crash, a hang or an exponential walk.
/// </summary>
public sealed class FolderSymlinkTests : IDisposable
{
    private const string Manifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: team
        spec:
          plan: free
          tools:
            - use: fetch
              with: { allowedHosts: [example.com] }

        """;

    private readonly TempDir _data = new("mcpsaas-e2e-links-data");
    private readonly TempDir _source = new("mcpsaas-e2e-links-src");
    private readonly TempDir _outside = new("mcpsaas-e2e-links-out");

    public void Dispose()
    {
        _source.Dispose();
        _outside.Dispose();
        _data.Dispose();
    }

    private void Build(bool withFifo)
    {
        _source.Write("team/mcp.yaml", Manifest);
        Directory.CreateSymbolicLink(_source.Combine("team", "up"), "..");
        Directory.CreateSymbolicLink(_source.Combine("team", "again"), "..");
        Directory.CreateDirectory(_source.Combine("zero"));
        File.CreateSymbolicLink(_source.Combine("zero", "mcp.yaml"), "/dev/zero");
        _outside.Write("mcp.yaml", Manifest.Replace("team", "stolen", StringComparison.Ordinal));
        Directory.CreateDirectory(_source.Combine("escape"));
        File.CreateSymbolicLink(_source.Combine("escape", "mcp.yaml"), _outside.Combine("mcp.yaml"));
        if (withFifo)
        {
            Directory.CreateDirectory(_source.Combine("pipe"));
            using var mkfifo = Process.Start("mkfifo", _source.Combine("pipe", "mcp.yaml"));
            mkfifo.WaitForExit();
        }
    }

    [Fact]
    public async Task Validate_LinksDevicesAndLoops_AreDiagnostics_EachManifestOnce()
    {
        Build(withFifo: true);

        var run = await new McpSaasCli(_data.Path).RunAsync("validate", _source.Path).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.Exit == 1, run.ToString());
        var lines = run.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                "escape/mcp.yaml:1:1: error MCP000: cannot read the file: it is a symbolic link to '" + _outside.Combine("mcp.yaml") + "', outside the source folder: only links to regular files inside it are read",
                "pipe/mcp.yaml:1:1: error MCP000: cannot read the file: it is not a regular file (a device, a fifo or a socket): only regular files are read",
                "zero/mcp.yaml:1:1: error MCP000: cannot read the file: it is a symbolic link to '/dev/zero', outside the source folder: only links to regular files inside it are read",
                "4 files, 1 server, 3 errors",
            ],
            lines);
    }

    [Fact]
    public async Task Plan_FolderWithLinksOutAndLoops_PlansTheGoodServer_KeepsTheUnreadFiles()
    {
        Build(withFifo: false);

        var plan = await new McpSaasCli(_data.Path).RunAsync("plan", "--source", _source.Path).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(plan.Exit == 1, plan.ToString());
        var repo = Path.GetFileName(_source.Path);
        Assert.Contains($"+ server \"local/{repo}/team\"", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", plan.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("zero/mcp.yaml:1:1: error MCP000", plan.Stdout + plan.Stderr, StringComparison.Ordinal);
    }
}
