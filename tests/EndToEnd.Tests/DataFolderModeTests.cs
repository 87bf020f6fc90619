using McpSaas.EndToEnd.Tests.Support;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Issue #9.8 through the CLI as a real process: in a data folder that already exists (and is open to others), every
/// file McpSaas and its workerd create (state store, secrets key, logs, runtime files, storage) is 0600 and every folder
/// it creates 0700.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderModeTests : IDisposable
{
    private readonly TempDir _root = new("mcpsaas-e2e-modes");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Apply_InAnExistingOpenDataFolder_CreatesEverythingOwnerOnly()
    {
        var data = _root.Combine("data");
        Directory.CreateDirectory(data, (UnixFileMode)Convert.ToInt32("755", 8));
        var source = _root.Combine("src");
        Directory.CreateDirectory(Path.Combine(source, "reader"));
        File.Copy(Path.Combine(Checkout.Root, "examples", "docs-reader", "mcp.yaml"), Path.Combine(source, "reader", "mcp.yaml"));

        try
        {
            using (var apply = new CliProcess(data, "apply", "--source", source))
            {
                var exit = await apply.WaitForExitAsync(TimeSpan.FromSeconds(90));
                Assert.True(exit == 0, $"exit {exit}\n{apply}");
            }

            var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.EndsWith("state.db", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("secrets.key", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("workerd.log", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("deployment.json", StringComparison.Ordinal));
            var open = files.Where(f => (File.GetUnixFileMode(f) & OthersOrGroup) != 0).Select(f => $"{Path.GetRelativePath(data, f)} {Octal(File.GetUnixFileMode(f))}").ToList();
            Assert.True(open.Count == 0, "readable by others:\n" + string.Join("\n", open));
            var openFolders = Directory.EnumerateDirectories(data, "*", SearchOption.AllDirectories)
                .Where(d => (File.GetUnixFileMode(d) & OthersOrGroup) != 0).Select(d => $"{Path.GetRelativePath(data, d)} {Octal(File.GetUnixFileMode(d))}").ToList();
            Assert.True(openFolders.Count == 0, "folders open to others:\n" + string.Join("\n", openFolders));
        }
        finally
        {
            using var stop = new CliProcess(data, "local", "stop");
            await stop.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private const UnixFileMode OthersOrGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
