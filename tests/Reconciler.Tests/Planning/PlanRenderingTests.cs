using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Planning;

/// <summary>Golden files for the three renderers (MCPSAAS_REGENERATE=1 rewrites them).</summary>
public sealed class PlanRenderingTests
{
    private static Plan RichPlan()
    {
        var inputs = new FakeDesireInputs();
        var team = new ServerId("local", "examples", "team");
        inputs.Secrets["local/slack-bot"] = 1;
        inputs.Secrets["local/gh-readonly"] = 1;
        inputs.KeyRing[team] = [new NamedKeyHash("laptop", new string('1', 64)), new NamedKeyHash("ci", new string('2', 64))];
        var builder = Fixtures.Builder();
        var org = Fixtures.LocalOrg();
        var repo = Fixtures.Repo();

        var before = builder.Build(org, repo,
        [
            File("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("developer.mozilla.org"))),
            File("team/mcp.yaml", Server("team", PlanTier.Free, Slack(settingsJson: """{"channels":["C0456"]}"""), Fetch("example.com"))),
            File("old/mcp.yaml", Server("old", PlanTier.Free, Fetch("example.com"))),
            File("drifty/mcp.yaml", Server("drifty", PlanTier.Free, Fetch("example.com"))),
        ], inputs);

        inputs.Secrets["local/slack-bot"] = 2;
        inputs.KeyRing[team] = [new NamedKeyHash("ci", new string('2', 64))];
        var after = builder.Build(org, repo,
        [
            File("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("developer.mozilla.org"))),
            File("team/mcp.yaml", Server("team", PlanTier.Pro,
                Slack(settingsJson: """{"channels":["C0456","C0789"]}"""),
                Fetch("example.com"),
                Tool("github", """{"owners":["acme"]}""", "gh", ("token", "gh-readonly")))),
            File("drifty/mcp.yaml", Server("drifty", PlanTier.Free, Fetch("example.com"))),
            File("new/mcp.yaml", Server("new-one", PlanTier.Free, Fetch("modelcontextprotocol.io"))),
            File("notion/mcp.yaml", Server("wiki", PlanTier.Pro, Tool("notion", "{}", null, ("token", "notion-token")))),
            Invalid("bad/mcp.yaml", "bad"),
        ], inputs);

        var observed = before.Workers.Select(w => new DeployedWorker(
            w.ScriptName, w.Ownership, w.Id.Name == "drifty" ? new string('9', 64) : w.ContentHash, null, $"http://127.0.0.1:8790/{w.Id}"));
        var applied = before.Workers.ToDictionary(w => w.ScriptName, w => new AppliedDeployment(w.ContentHash, w.Summary, w.ContentHash), StringComparer.Ordinal);
        return Planner.Compute(repo, "3f2c1ab9d0e8c7b6a5f4e3d2c1b0a9f8e7d6c5b4", after, observed, applied);
    }

    private static Plan EmptyPlan()
    {
        var inputs = new FakeDesireInputs();
        var desired = Fixtures.Builder().Build(Fixtures.LocalOrg(), Fixtures.Repo(), [File("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("developer.mozilla.org")))], inputs);
        var w = desired.Workers[0];
        return Planner.Compute(Fixtures.Repo(), "folder:0123456789ab", desired, [new DeployedWorker(w.ScriptName, w.Ownership, w.ContentHash, null, "http://x")], new Dictionary<string, AppliedDeployment> { [w.ScriptName] = new(w.ContentHash, w.Summary, w.ContentHash) });
    }

    [Fact]
    public void Text_RichPlan_MatchesGolden() => Golden.Matches("Golden/rich.txt", TextPlanRenderer.Render(RichPlan()));

    [Fact]
    public void Markdown_RichPlan_MatchesGolden() => Golden.Matches("Golden/rich.md", MarkdownPlanRenderer.Render(RichPlan()));

    [Fact]
    public void Json_RichPlan_MatchesGolden() => Golden.Matches("Golden/rich.json", JsonPlanRenderer.Render(RichPlan()));

    [Fact]
    public void Text_EmptyPlan_SaysNoChanges() => Golden.Matches("Golden/empty.txt", TextPlanRenderer.Render(EmptyPlan()));

    [Fact]
    public void Markdown_EmptyPlan_SaysNoChanges() => Golden.Matches("Golden/empty.md", MarkdownPlanRenderer.Render(EmptyPlan()));

    [Fact]
    public void Json_EmptyPlan_MatchesGolden() => Golden.Matches("Golden/empty.json", JsonPlanRenderer.Render(EmptyPlan()));

    [Fact]
    public void Text_WithColor_OnlyAddsAnsiCodes()
    {
        var plain = TextPlanRenderer.Render(RichPlan());
        var colored = TextPlanRenderer.Render(RichPlan(), color: true);

        Assert.NotEqual(plain, colored);
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(colored, "\u001b\\[[0-9;]*m", ""));
    }
}
