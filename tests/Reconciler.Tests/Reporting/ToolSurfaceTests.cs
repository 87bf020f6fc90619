using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Reporting;

/// <summary>The MCP tool-surface diff: names after aliases and readOnly, renames, write flags, new secrets, client limits.</summary>
public sealed class ToolSurfaceTests
{
    private static readonly HashSet<string> NoSecrets = new(StringComparer.Ordinal);
    private readonly FakeDesireInputs _inputs = new();

    private static ToolUse GitHub(string? alias = null, string settings = "{}", string secret = "gh-token") => Tool("github", settings, alias, ("token", secret));

    /// <summary>A deployed server (<paramref name="before"/>) planned against <paramref name="after"/> files, as the run reports it.</summary>
    private ReconcileResult Run(ManifestFile[] before, params ManifestFile[] after)
    {
        var builder = Fixtures.Builder();
        var old = builder.Build(Fixtures.LocalOrg(), Fixtures.Repo(), before, _inputs).Workers;
        var deployed = old.Select(w => new DeployedWorker(w.ScriptName, w.Ownership, w.ContentHash, null, "http://x")).ToList();
        var applied = old.ToDictionary(w => w.ScriptName, w => new AppliedDeployment(w.ContentHash, w.Summary, w.ContentHash), StringComparer.Ordinal);
        var plan = Planner.Compute(Fixtures.Repo(), "rev", builder.Build(Fixtures.LocalOrg(), Fixtures.Repo(), after, _inputs), deployed, applied);
        return new ReconcileResult { Revision = "rev", Files = after, Plan = plan };
    }

    private static ServerSurface Only(ReconcileResult result, IReadOnlySet<string>? secrets = null) =>
        Assert.Single(ToolSurface.Compute(Fixtures.Repo(), result, secrets ?? NoSecrets, ToolCatalog.Default));

    [Fact]
    public void Alias_RenamesEveryTool_NothingGainedOrLost()
    {
        _inputs.Secrets["local/gh-token"] = 1;

        var surface = Only(Run([File("t/mcp.yaml", Server("team", PlanTier.Free, GitHub()))], File("t/mcp.yaml", Server("team", PlanTier.Free, GitHub("gh")))));

        Assert.Equal(SurfaceChange.Changed, surface.Change);
        Assert.Empty(surface.Gained);
        Assert.Empty(surface.Lost);
        Assert.Equal(
            ["get_file_contents>gh_get_file_contents", "get_issue>gh_get_issue", "list_commits>gh_list_commits", "list_issues>gh_list_issues", "search_code>gh_search_code", "search_repositories>gh_search_repositories"],
            surface.Renamed.Select(r => $"{r.From.Name}>{r.To.Name}"));
        Assert.Empty(surface.NewSecrets); // gh-token was already bound
    }

    [Fact]
    public void ReadOnlyOff_GainsTheWriteTool_FlaggedFromTheCatalogsAnnotations_ReadOnlyOn_LosesIt()
    {
        _inputs.Secrets["local/gh-token"] = 1;
        var readOnly = File("t/mcp.yaml", Server("team", PlanTier.Free, GitHub()));
        var writes = File("t/mcp.yaml", Server("team", PlanTier.Free, GitHub(settings: "{\"readOnly\":false}")));

        var opened = Only(Run([readOnly], writes));
        var closed = Only(Run([writes], readOnly));

        var gained = Assert.Single(opened.Gained);
        Assert.Equal(("create_issue", true, false), (gained.Name, gained.Writes, gained.Destructive));
        Assert.Equal(7, opened.After.Count);
        Assert.Equal("create_issue", Assert.Single(closed.Lost).Name);
        Assert.All(opened.After.Where(t => t.Name != "create_issue"), t => Assert.False(t.Writes));
    }

    [Fact]
    public void NewServer_GainsEveryTool_RemovedServer_LosesEveryTool_UnchangedServer_IsNotNotable()
    {
        var docs = File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com")));
        var slack = File("s/mcp.yaml", Server("chat", PlanTier.Free, Tool("slack", "{\"readOnly\":true}", "ops", ("botToken", "slack-bot"))));
        _inputs.Secrets["local/slack-bot"] = 3;

        var surfaces = ToolSurface.Compute(Fixtures.Repo(), Run([docs], slack), NoSecrets, ToolCatalog.Default);
        var unchanged = Only(Run([docs], docs));

        var chat = surfaces.Single(s => s.Id.Name == "chat");
        Assert.Equal(SurfaceChange.Added, chat.Change);
        Assert.Equal(5, chat.Gained.Count);
        Assert.All(chat.Gained, t => Assert.StartsWith("ops_slack_", t.Name, StringComparison.Ordinal));
        Assert.Equal([new SecretNeed("slack-bot", false)], chat.NewSecrets);
        var gone = surfaces.Single(s => s.Id.Name == "docs");
        Assert.Equal((SurfaceChange.Removed, "fetch"), (gone.Change, Assert.Single(gone.Lost).Name));
        Assert.Empty(gone.After);
        Assert.False(unchanged.IsNotable);
    }

    [Fact]
    public void MissingSecret_StallsTheServer_ItsSurfaceIsStillShown_WithTheSecretNotSet_AndOthersSet()
    {
        _inputs.Secrets["local/gh-token"] = 1;
        var before = File("t/mcp.yaml", Server("team", PlanTier.Pro, GitHub()));
        var after = File("t/mcp.yaml", Server("team", PlanTier.Pro, GitHub(), Tool("slack", "{}", null, ("botToken", "slack-bot")), Tool("notion", "{}", null, ("token", "notion-token"))));

        var surface = Only(Run([before], after), new HashSet<string>(["gh-token", "notion-token"], StringComparer.Ordinal));

        Assert.NotNull(surface.Blocked);
        Assert.Contains("slack-bot", surface.Blocked, StringComparison.Ordinal);
        Assert.Equal([new SecretNeed("notion-token", true), new SecretNeed("slack-bot", false)], surface.NewSecrets);
        Assert.Contains(surface.Gained, t => t.Name == "slack_post_message" && t.Writes);
        Assert.Contains(surface.Gained, t => t.Name == "notion_search" && !t.Writes);
        Assert.DoesNotContain(surface.Gained, t => t.Name == "notion_create_page"); // notion is read-only by default
    }

    [Fact]
    public void OverThePlanOnly_IsShownAsWritten_AnyOtherError_KeepsTheDeployedTools()
    {
        _inputs.Secrets["local/gh-token"] = 1;
        var before = File("t/mcp.yaml", Server("team", PlanTier.Free, Fetch("example.com")));
        var overPlan = ManifestLoader.Load("t/mcp.yaml", """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata: { name: team }
            spec:
              plan: free
              tools:
                - { use: fetch, with: { allowedHosts: [example.com] } }
                - { use: github, secrets: { token: gh-token } }
                - { use: fetch, as: web, with: { allowedHosts: [example.org] } }
            """, new ManifestLoadOptions { Entitlement = PlanTier.Free });
        var broken = Invalid("t/mcp.yaml", "team");

        var written = Only(Run([before], overPlan));
        var unknown = Only(Run([before], broken));

        Assert.NotNull(Assert.Single(overPlan.Documents).Written);
        Assert.Null(overPlan.Documents[0].Server);
        Assert.Equal(SurfaceChange.Changed, written.Change);
        Assert.Contains("MCP301", written.Blocked, StringComparison.Ordinal);
        Assert.Equal(["get_file_contents", "get_issue", "list_commits", "list_issues", "search_code", "search_repositories", "web_fetch"], written.Gained.Select(t => t.Name));
        Assert.Equal(SurfaceChange.Unknown, unknown.Change);
        Assert.Equal(["fetch"], unknown.After.Select(t => t.Name));
        Assert.Empty(unknown.Gained);
    }

    [Theory]
    [InlineData(40, "team", 0)]
    [InlineData(41, "team", 1)]
    [InlineData(129, "team", 2)]
    public void ClientLimits_CursorFortyTools_VsCode128(int count, string server, int warnings)
    {
        var tools = Enumerable.Range(1, count).Select(i => new ExposedTool($"t{i}", "fetch", "fetch", "fetch", false, false)).ToList();

        var found = ClientLimits.Check(server, tools).ToList();

        Assert.Equal(warnings, found.Count);
        if (warnings > 0)
        {
            Assert.Contains(found, w => w.Client == "Cursor" && w.Message.StartsWith($"{count} tools", StringComparison.Ordinal));
        }

        if (warnings > 1)
        {
            Assert.Contains(found, w => w.Client == "VS Code");
        }
    }

    [Fact]
    public void ClientLimits_ServerAndToolNameOverSixty_WarnsForCursor_NamingTheTools()
    {
        var server = new string('s', 35);
        var tools = new[]
        {
            new ExposedTool("gh_search_repositories", "github", "gh", "search_repositories", false, false), // 35 + 22 = 57
            new ExposedTool("upstream_search_repositories", "github", "upstream", "search_repositories", false, false), // 35 + 28 = 63
        };

        var warning = Assert.Single(ClientLimits.Check(server, tools));

        Assert.Equal("Cursor", warning.Client);
        Assert.Contains("`upstream_search_repositories`", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("`gh_search_repositories`", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposed_FollowsTheCatalog_ReadOnlyDefaults_AndAliases()
    {
        var exposed = ToolSurface.Exposed(ToolCatalog.Default, [
            new ToolSummary("slack", "slack", "{}"),
            new ToolSummary("wiki", "notion", "{}"),
            new ToolSummary("gone", "no-such-tool", "{}"),
        ]);

        Assert.Equal(8 + 3, exposed.Count); // slack writes by default; notion is read-only by default; unknown ids are left out
        Assert.Contains(exposed, t => t.Name == "wiki_notion_search" && t.Alias == "wiki" && t.Use == "notion");
        Assert.Equal(3, exposed.Count(t => t.Writes));
    }
}
