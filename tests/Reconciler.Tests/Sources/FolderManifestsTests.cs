using System.Diagnostics;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;

namespace McpSaas.Reconciler.Tests.Sources;

/// <summary>
/// Issue #9.6 with real symbolic links, devices and fifos: a folder source reads only regular files inside it, never
/// follows a link to a folder, checks the size before reading, and turns every other case into that file's diagnostic.
/// </summary>
public sealed class FolderManifestsTests : IDisposable
{
    private const string Manifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: NAME
        spec:
          plan: free
          tools:
            - use: fetch
              with: { allowedHosts: [example.com] }

        """;

    private readonly TempDir _dir = new("mcpsaas-folder");
    private readonly TempDir _outside = new("mcpsaas-outside");

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    private static string Named(string name) => Manifest.Replace("NAME", name, StringComparison.Ordinal);

    private async Task<Dictionary<string, ManifestFile>> LoadAsync()
    {
        using var snapshot = await new FolderSource(_dir.Path, "repo").SnapshotAsync(CancellationToken.None);
        var parser = new ManifestParser();
        return snapshot.Files.ToDictionary(f => f.Path, f => parser.Load(f.BlobId, f.Path, () => snapshot.Read(f), ManifestLoadOptions.Default));
    }

    private static Diagnostic Single(ManifestFile file, string code)
    {
        var d = Assert.Single(file.AllDiagnostics);
        Assert.True(file.ParseFailed, "a file that was not read counts as unparsed: the servers it declared are kept");
        Assert.Equal(code, d.Code);
        return d;
    }

    [Fact]
    public async Task ManifestLinkedToDevZero_IsADiagnostic_ReadInstantly()
    {
        _dir.Write("ok/mcp.yaml", Named("ok"));
        Directory.CreateDirectory(_dir.Combine("zero"));
        File.CreateSymbolicLink(_dir.Combine("zero", "mcp.yaml"), "/dev/zero");

        var clock = Stopwatch.StartNew();
        var files = await LoadAsync();

        Assert.True(clock.ElapsedMilliseconds < 5_000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Empty(files["ok/mcp.yaml"].AllDiagnostics);
        var d = Single(files["zero/mcp.yaml"], DiagnosticCodes.Unreadable);
        Assert.Contains("outside the source folder", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceOrFifoNamedMcpYaml_IsNotARegularFile_NeverOpened()
    {
        Directory.CreateDirectory(_dir.Combine("fifo"));
        Run("mkfifo", _dir.Combine("fifo", "mcp.yaml"));
        Directory.CreateDirectory(_dir.Combine("dev"));
        Run("mknod", _dir.Combine("dev", "mcp.yml"), "c", "1", "5"); // a second /dev/zero, inside the source

        var files = await LoadAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("not a regular file", Single(files["fifo/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", Single(files["dev/mcp.yml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestLinkedToARegularFileInside_IsRead_OutsideIsADiagnostic()
    {
        _dir.Write("shared/base.yaml", Named("inside"));
        Directory.CreateDirectory(_dir.Combine("a"));
        File.CreateSymbolicLink(_dir.Combine("a", "mcp.yaml"), "../shared/base.yaml");
        _outside.Write("mcp.yaml", Named("outside"));
        Directory.CreateDirectory(_dir.Combine("b"));
        File.CreateSymbolicLink(_dir.Combine("b", "mcp.yaml"), _outside.Combine("mcp.yaml"));
        // A link inside the source through a folder link that leaves it: resolved in full, so outside too.
        Directory.CreateSymbolicLink(_dir.Combine("away"), _outside.Path);
        Directory.CreateDirectory(_dir.Combine("c"));
        File.CreateSymbolicLink(_dir.Combine("c", "mcp.yaml"), "../away/mcp.yaml");

        var files = await LoadAsync();

        Assert.Equal(["a/mcp.yaml", "b/mcp.yaml", "c/mcp.yaml"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("inside", Assert.Single(files["a/mcp.yaml"].Documents).Name);
        Assert.Contains("outside the source folder", Single(files["b/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
        Assert.Contains("outside the source folder", Single(files["c/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderLinks_AreNeverFollowed_BackIntoTheSourceOrOut()
    {
        _dir.Write("team/mcp.yaml", Named("team"));
        Directory.CreateSymbolicLink(_dir.Combine("team", "up"), "..");
        Directory.CreateSymbolicLink(_dir.Combine("team", "again"), "..");
        Directory.CreateSymbolicLink(_dir.Combine("loop"), _dir.Path);
        _outside.Write("x/mcp.yaml", Named("outside"));
        Directory.CreateSymbolicLink(_dir.Combine("out"), _outside.Path);

        var clock = Stopwatch.StartNew();
        var files = await LoadAsync();

        Assert.True(clock.ElapsedMilliseconds < 5_000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(["team/mcp.yaml"], files.Keys);
    }

    [Fact]
    public async Task LinkLoops_AndDanglingLinks_AreDiagnostics()
    {
        Directory.CreateDirectory(_dir.Combine("self"));
        File.CreateSymbolicLink(_dir.Combine("self", "mcp.yaml"), "mcp.yaml");
        Directory.CreateDirectory(_dir.Combine("pair"));
        File.CreateSymbolicLink(_dir.Combine("pair", "mcp.yaml"), "mcp.yml");
        File.CreateSymbolicLink(_dir.Combine("pair", "mcp.yml"), "mcp.yaml");
        Directory.CreateDirectory(_dir.Combine("gone"));
        File.CreateSymbolicLink(_dir.Combine("gone", "mcp.yaml"), "missing.yaml");

        var files = await LoadAsync();

        Assert.Contains("loops", Single(files["self/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
        Assert.Contains("loops", Single(files["pair/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
        Assert.Contains("loops", Single(files["pair/mcp.yml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Single(files["gone/mcp.yaml"], DiagnosticCodes.Unreadable).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOverOneMebibyte_IsMcp002_WithItsSize_WithoutBeingRead()
    {
        var path = _dir.Write("big/mcp.yaml", "");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(4L * 1024 * 1024 * 1024); // sparse: 4 GiB on paper, nothing on disk
        }

        var before = GC.GetTotalAllocatedBytes();
        var files = await LoadAsync();
        var allocated = GC.GetTotalAllocatedBytes() - before;

        var d = Single(files["big/mcp.yaml"], DiagnosticCodes.TooLarge);
        Assert.Contains("4,294,967,296 bytes", d.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Read_AFileThatGrowsPastTheLimit_ReadsAtMostOneMebibytePlusOneByte()
    {
        var path = _dir.Write("mcp.yaml", "a: " + new string('x', ManifestLoader.MaxFileBytes));

        var read = FolderManifests.Read(path, _dir.Path);

        Assert.Null(read.Content);
        Assert.Equal(ManifestLoader.MaxFileBytes + 3L, read.TooLargeLength);
    }

    [Fact]
    public void Read_ExactlyOneMebibyte_IsRead()
    {
        var path = _dir.Write("mcp.yaml", "a: " + new string('x', ManifestLoader.MaxFileBytes - 3));

        var read = FolderManifests.Read(path, _dir.Path);

        Assert.Equal(ManifestLoader.MaxFileBytes, read.Content?.Length);
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { UseShellExecute = false, RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}
