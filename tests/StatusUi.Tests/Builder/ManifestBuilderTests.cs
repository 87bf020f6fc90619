using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Composition;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Tests.Builder;

/// <summary>Errors at their fields (the validator's dotted paths mapped back), the GitHub link, with a real state store.</summary>
public sealed class ManifestBuilderTests : IDisposable
{
    private readonly TempDir _data = new("mcpsaas-builder");
    private readonly McpSaas.Reconciler.State.Sqlite.SqliteStateStore _store;
    private readonly ManifestBuilder _builder;

    public ManifestBuilderTests()
    {
        _store = McpSaas.Reconciler.State.Sqlite.SqliteStateStore.ForDataDirectory(_data.Path, TimeProvider.System);
        _builder = new ManifestBuilder(_store, Options.Create(new StatusUiOptions()));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    public static TheoryData<BuilderInput, string, string> Problems => new()
    {
        { Input("Team"), "name", "MCP108" },
        { Input("team", plan: "gold"), "plan", "MCP111" },
        { Input("team", rate: "0"), "rateLimitPerMinute", "MCP113" },
        { Input("team", tools: [Tool("fetch")]), "fetch.with.allowedHosts", "MCP152" },
        { Input("team", tools: [Tool("fetch", with: ("allowedHosts", "not a host!"))]), "fetch.with.allowedHosts", "MCP151" },
        { Input("team", tools: [Tool("fetch", with: ("allowedHosts", "a.com"), alias: "Fetch!")]), "fetch.as", "MCP114" },
        { Input("team", tools: [Tool("slack")]), "slack.secrets.botToken", "MCP204" },
        { Input("team", tools: [Tool("slack", secrets: ("botToken", "Not Valid"))]), "slack.secrets.botToken", "MCP202" },
        { Input("team", tools: [Tool("slack", secrets: ("botToken", "xoxb-1234567890-abcdefghijklmnop"))]), "slack.secrets.botToken", "MCP203" },
        { Input("team", tools: [Tool("notion", secrets: ("token", "notion-token"))]), "tool:notion", "MCP302" },
        { Input("team", tools: [Tool("slak")]), "tools", "MCP104" },
        { Input("team", tools: []), "tools", "MCP112" },
        { Input("team", plan: "pro"), "plan", "MCP304" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Build_PutsEachValidatorErrorAtItsField(BuilderInput input, string field, string code)
    {
        var result = await _builder.BuildAsync("acme", input, CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Null(result.Yaml);
        Assert.Contains(result.Errors, e => e.Field == field && e.Code == code);
    }

    [Fact]
    public async Task Build_Valid_GivesTheManifest_AndTheGitHubNewFileLink()
    {
        var result = await _builder.BuildAsync("acme", Input("team", tools: [Tool("fetch", with: ("allowedHosts", "a.com\nb.org"))]) with
        {
            GitHubRepo = "acme/servers",
            Branch = "release/v1",
        }, CancellationToken.None);

        Assert.True(result.Valid, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        Assert.Contains("allowedHosts: [a.com, b.org]", result.Yaml, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/acme/servers/new/release/v1?filename=team%2Fmcp.yaml&value={Uri.EscapeDataString(result.Yaml!)}", result.GitHubUrl);
    }

    [Theory]
    [InlineData("githubRepo", "acme", null, null)]
    [InlineData("branch", null, "bad..branch", null)]
    [InlineData("path", null, null, "../escape/mcp.yaml")]
    [InlineData("path", null, null, ".github/mcp.yaml")]
    [InlineData("path", null, null, "team/manifest.yaml")]
    public async Task Build_BadLinkFields_AreErrorsAtThoseFields(string field, string? repo, string? branch, string? path)
    {
        var result = await _builder.BuildAsync("acme", Input("team", tools: [Tool("fetch", with: ("allowedHosts", "a.com"))]) with
        {
            GitHubRepo = repo,
            Branch = branch,
            Path = path,
        }, CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    private static BuilderInput Input(string name, string plan = "free", string? rate = null, BuilderToolInput[]? tools = null) =>
        new() { Name = name, Plan = plan, RateLimitPerMinute = rate, Tools = tools ?? [Tool("fetch", with: ("allowedHosts", "a.com"))] };

    private static BuilderToolInput Tool(string use, (string, string)? with = null, (string, string)? secrets = null, string? alias = null) => new()
    {
        Use = use,
        As = alias,
        With = with is { } w ? new Dictionary<string, string> { [w.Item1] = w.Item2 } : new Dictionary<string, string>(),
        Secrets = secrets is { } s ? new Dictionary<string, string> { [s.Item1] = s.Item2 } : new Dictionary<string, string>(),
    };
}
