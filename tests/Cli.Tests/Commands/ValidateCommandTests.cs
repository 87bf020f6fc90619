using System.Text.Json;

namespace McpSaas.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Valid = """
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

    private const string Secret = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    private readonly string _root = Directory.CreateTempSubdirectory("mcpsaas-validate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task Validate_ValidFolder_PrintsTheSummary_ExitsZero()
    {
        Write("a/mcp.yaml", Valid.Replace("NAME", "one", StringComparison.Ordinal));
        Write("b/c/mcp.yml", Valid.Replace("NAME", "two", StringComparison.Ordinal) + "---\n" + Valid.Replace("NAME", "three", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await RunAsync("validate", _root);

        Assert.Equal(0, exit);
        Assert.Equal("2 files, 3 servers, 0 errors\n", stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Validate_InvalidFolder_PrintsCanonicalLines_RelativeToTheRoot_ExitsOne()
    {
        Write("servers/team/mcp.yaml", Valid.Replace("NAME", "team", StringComparison.Ordinal).Replace("use: fetch", "use: fetsh", StringComparison.Ordinal));

        var (exit, stdout, _) = await RunAsync("validate", _root);

        Assert.Equal(1, exit);
        Assert.Equal(
            "servers/team/mcp.yaml:8:12: error MCP104: spec.tools[0].use: unknown tool 'fetsh' (did you mean 'fetch'?)\n1 file, 1 server, 1 error\n",
            stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_SkipsHiddenFolders_AndOtherFileNames()
    {
        Write(".github/mcp.yaml", "not: [valid");
        Write(".hidden/deep/mcp.yaml", "not: [valid");
        Write("ok/mcp.yaml", Valid.Replace("NAME", "ok", StringComparison.Ordinal));
        Write("ok/other.yaml", "not: [valid");

        var (exit, stdout, _) = await RunAsync("validate", _root);

        Assert.Equal(0, exit);
        Assert.Equal("1 file, 1 server, 0 errors\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_DuplicateNamesAcrossFilesOfOneRoot_AreReportedOnBoth()
    {
        Write("a/mcp.yaml", Valid.Replace("NAME", "same", StringComparison.Ordinal));
        Write("b/mcp.yaml", Valid.Replace("NAME", "same", StringComparison.Ordinal));

        var (exit, stdout, _) = await RunAsync("validate", _root);

        Assert.Equal(1, exit);
        Assert.Contains("a/mcp.yaml:4:9: error MCP120: metadata.name: server name 'same' is also declared at b/mcp.yaml:4:9", stdout, StringComparison.Ordinal);
        Assert.Contains("b/mcp.yaml:4:9: error MCP120: metadata.name: server name 'same' is also declared at a/mcp.yaml:4:9", stdout, StringComparison.Ordinal);
        Assert.EndsWith("2 files, 2 servers, 2 errors\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileArgument_IsShownRelativeToTheCurrentFolder()
    {
        Write("x/mcp.yaml", "- a list\n");
        var file = Path.Combine(_root, "x", "mcp.yaml");
        var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/');

        var (exit, stdout, _) = await RunAsync("validate", file);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{shown}:1:1: error MCP100: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingPath_IsAUsageError_ExitsTwo()
    {
        var (exit, stdout, stderr) = await RunAsync("validate", Path.Combine(_root, "nope"));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("no such file or folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Json_HasTheDocumentedShape()
    {
        Write("a/mcp.yaml", Valid.Replace("NAME", "one", StringComparison.Ordinal).Replace("plan: free", "plan: gold", StringComparison.Ordinal));
        Write("b/mcp.yaml", Valid.Replace("NAME", "two", StringComparison.Ordinal));

        var (exit, stdout, _) = await RunAsync("validate", "--json", _root);

        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(["valid", "files", "servers", "errors", "warnings", "diagnostics", "manifests"], root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal((2, 2, 1, 0), (root.GetProperty("files").GetInt32(), root.GetProperty("servers").GetInt32(), root.GetProperty("errors").GetInt32(), root.GetProperty("warnings").GetInt32()));
        var d = root.GetProperty("diagnostics")[0];
        Assert.Equal(["path", "line", "column", "severity", "code", "docPath", "message", "text"], d.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("a/mcp.yaml", 6, 9, "error", "MCP111", "spec.plan"),
            (d.GetProperty("path").GetString(), d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32(),
             d.GetProperty("severity").GetString(), d.GetProperty("code").GetString(), d.GetProperty("docPath").GetString()));
        Assert.StartsWith("a/mcp.yaml:6:9: error MCP111: spec.plan: unknown plan 'gold'", d.GetProperty("text").GetString(), StringComparison.Ordinal);
        var manifests = root.GetProperty("manifests");
        Assert.Equal("b/mcp.yaml", manifests[1].GetProperty("path").GetString());
        Assert.True(manifests[1].GetProperty("servers")[0].GetProperty("valid").GetBoolean());
        Assert.Equal("one", manifests[0].GetProperty("servers")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_SecretLiterals_NeverAppearInTheOutput(bool json)
    {
        Write("a/mcp.yaml", Valid.Replace("NAME", "one", StringComparison.Ordinal)
            .Replace("spec:", $"  description: {Secret}\n  labels: {{ {Secret}: x }}\nspec:", StringComparison.Ordinal)
            + $"      secrets: {{ token: {Secret} }}\n");
        Write("b/mcp.yaml", $"key: [{Secret}\n");

        var (exit, stdout, stderr) = json ? await RunAsync("validate", "--json", _root) : await RunAsync("validate", _root);

        Assert.Equal(1, exit);
        Assert.DoesNotContain(Secret, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stderr, StringComparison.Ordinal);
        Assert.Contains("MCP201", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TheExamples_AreValid()
    {
        var examples = Path.Combine(RepoRoot(), "examples");

        var (exit, stdout, _) = await RunAsync("validate", examples);

        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+ files, \d+ servers, 0 errors\n$", stdout.ReplaceLineEndings("\n"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpSaas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpSaas.sln not found above the test folder");
    }
}
