using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Desired;

public sealed class DesiredStateBuilderTests
{
    private readonly FakeDesireInputs _inputs = new();

    private DesiredState Build(params McpSaas.Schema.Manifests.ManifestFile[] files) =>
        Fixtures.Builder().Build(Fixtures.LocalOrg(), Fixtures.Repo(), files, _inputs);

    [Fact]
    public void FetchServer_GetsEveryBindingOfTheContract_AndNoToolSecret()
    {
        var state = Build(File("docs/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));

        var worker = Assert.Single(state.Workers);
        Assert.Empty(state.Stalled);
        Assert.Equal(
            ["MCP_ALLOWED_HOSTS", "MCP_CONFIG", "MCP_KEY_HASHES", "MCP_LIMITER", "MCP_SESSIONS", "MCP_USAGE_TOKEN", "MCP_USAGE_URL"],
            worker.Bindings.Select(b => b.Name));
        Assert.Equal(["main.mjs", "runtime.mjs", "tools/fetch.mjs"], worker.Modules.Select(m => m.Name));
        Assert.Equal(new DurableObjectBinding("MCP_SESSIONS", "McpSession"), worker.Bindings.Single(b => b.Name == "MCP_SESSIONS"));
        Assert.Equal(new DurableObjectBinding("MCP_LIMITER", "McpLimiter"), worker.Bindings.Single(b => b.Name == "MCP_LIMITER"));
        Assert.Equal("[]", Json(worker, "MCP_KEY_HASHES"));
        Assert.Equal("""["127.0.0.1:8790","localhost:8790"]""", Json(worker, "MCP_ALLOWED_HOSTS"));
        Assert.Equal(new PlainTextBinding("MCP_USAGE_URL", "http://127.0.0.1:8791/api/usage"), worker.Bindings.Single(b => b.Name == "MCP_USAGE_URL"));
        Assert.Equal("local", worker.Ownership.Owner);
        Assert.Equal("local:local/examples/docs", worker.Ownership.StableKey);
    }

    [Fact]
    public void Config_HasTheContractShape_AndNoSecrets()
    {
        _inputs.Secrets["local/slack-bot"] = 3;
        var state = Build(File("team/mcp.yaml", Server("team", PlanTier.Pro, Slack(settingsJson: """{"channels":["C0456"]}"""), Fetch("example.com")) with { RateLimitPerMinute = 30 }));

        using var config = JsonDocument.Parse(Json(state.Workers[0], "MCP_CONFIG"));
        var root = config.RootElement;
        Assert.Equal(DesiredStateBuilder.ContractVersion, root.GetProperty("contractVersion").GetInt32());
        Assert.Equal("local/examples/team", root.GetProperty("serverId").GetString());
        Assert.Equal("team", root.GetProperty("name").GetString());
        Assert.Equal("pro", root.GetProperty("plan").GetString());
        Assert.Equal(30, root.GetProperty("limits").GetProperty("ratePerMinute").GetInt32());
        Assert.Equal(10, root.GetProperty("limits").GetProperty("toolsPerServer").GetInt32());
        Assert.False(root.GetProperty("suspended").GetBoolean());
        var slack = root.GetProperty("tools")[0];
        Assert.Equal("slack", slack.GetProperty("use").GetString());
        Assert.Equal(JsonValueKind.Null, slack.GetProperty("as").ValueKind);
        Assert.Equal("C0456", slack.GetProperty("with").GetProperty("channels")[0].GetString());
        Assert.DoesNotContain("slack-bot", root.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PlanTier.Free, null, 60)]
    [InlineData(PlanTier.Free, 30, 30)]
    [InlineData(PlanTier.Pro, null, 600)]
    [InlineData(PlanTier.Pro, 1000, 600)]
    [InlineData(PlanTier.Enterprise, null, null)]
    [InlineData(PlanTier.Enterprise, 5, 5)]
    public void RateLimit_IsTheMinimumOfPlanAndAccess(PlanTier plan, int? access, int? expected)
    {
        var state = Build(File("a/mcp.yaml", Server("a", plan, Fetch("example.com")) with { RateLimitPerMinute = access }));

        Assert.Equal(expected, state.Workers[0].Summary.RatePerMinute);
    }

    [Fact]
    public void SecretBindings_AreNamedByAliasAndInput_AndCarryReferenceAndVersion()
    {
        _inputs.Secrets["local/slack-bot"] = 2;
        _inputs.Secrets["local/gh-readonly"] = 7;
        var state = Build(File("t/mcp.yaml", Server("t", PlanTier.Pro,
            Slack(),
            Tool("github", "{}", "gh", ("token", "gh-readonly")))));

        var bindings = state.Workers[0].Bindings.OfType<SecretTextBinding>().ToDictionary(b => b.Name, b => b.Source);
        Assert.Equal(new StoredSecret("slack-bot", 2), bindings["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.Equal(new StoredSecret("gh-readonly", 7), bindings["MCP_SECRET_GH_TOKEN"]);
        Assert.Equal(new UsageTokenSecret(1), bindings["MCP_USAGE_TOKEN"]);
    }

    [Fact]
    public void MissingSecret_MakesTheServerWait_NamingTheSecret_NotACommand()
    {
        var state = Build(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("slack-bot"))));

        Assert.Empty(state.Workers);
        var stalled = Assert.Single(state.Stalled);
        Assert.Equal(StallReason.SecretMissing, stalled.Reason);
        Assert.Equal(McpSaas.Reconciler.Reconciling.ErrorClass.Waiting, stalled.Class);
        Assert.Equal(["slack-bot"], stalled.MissingSecrets);
        Assert.Equal("secret 'slack-bot' not set for org 'local'", stalled.Message);
    }

    [Fact]
    public void RepoScopedSecret_Resolves()
    {
        _inputs.Secrets["local/examples/slack-bot"] = 4;

        var state = Build(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("slack-bot"))));

        Assert.Equal(new StoredSecret("slack-bot", 4), state.Workers[0].Bindings.OfType<SecretTextBinding>().Single(b => b.Name == "MCP_SECRET_SLACK_BOTTOKEN").Source);
    }

    [Fact]
    public void InvalidDocument_StallsItsServer_WithTheFirstDiagnostic_OthersGoOn()
    {
        var state = Build(
            Invalid("bad/mcp.yaml", "bad"),
            File("good/mcp.yaml", Server("good", PlanTier.Free, Fetch("example.com"))));

        Assert.Equal("good", Assert.Single(state.Workers).Id.Name);
        var stalled = Assert.Single(state.Stalled);
        Assert.Equal(new ServerId("local", "examples", "bad"), stalled.Id);
        Assert.Equal(StallReason.InvalidManifest, stalled.Reason);
        Assert.Contains("bad/mcp.yaml:12:14: error MCP104", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparseableFile_IsKept_NotStalledNorDesired()
    {
        var state = Build(Unparseable("broken/mcp.yaml"));

        Assert.Empty(state.Workers);
        Assert.Empty(state.Stalled);
        Assert.Equal(["broken/mcp.yaml"], state.KeptFiles);
    }

    [Fact]
    public void ToolMissingFromTheRuntime_StallsTheServer_InsteadOfFailingTheRun()
    {
        var runtime = new McpSaas.Reconciler.Runtime.RuntimeBundle(
            McpSaas.Reconciler.Runtime.WorkerModule.Create("runtime.mjs", "// r"), [McpSaas.Reconciler.Runtime.WorkerModule.Create("tools/fetch.mjs", "// f")]);

        var state = Fixtures.Builder(runtime).Build(Fixtures.LocalOrg(), Fixtures.Repo(),
            [File("a/mcp.yaml", Server("a", PlanTier.Free, Fetch("example.com"))), File("b/mcp.yaml", Server("b", PlanTier.Pro, Tool("notion", "{}", null, ("token", "n"))))], _inputs);

        Assert.Equal("a", Assert.Single(state.Workers).Id.Name);
        var stalled = Assert.Single(state.Stalled);
        Assert.Equal(StallReason.RuntimeMissingTool, stalled.Reason);
        Assert.Contains("'notion'", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServersPerOrg_GivesSlotsByFirstSeen_ThenById_AndDeployedServersKeepTheirs()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var org = Fixtures.LocalOrg(PlanLimits.Pro) with
        {
            KnownServers = ValueArray.Create(
                new OrgServer(new ServerId("local", "other", "old"), t0, Deployed: true),
                new OrgServer(new ServerId("local", "examples", "zeta"), t0.AddDays(1), Deployed: false)),
        };
        var files = new[]
        {
            File("a/mcp.yaml", Server("alpha", PlanTier.Pro, Fetch("example.com"))),
            File("b/mcp.yaml", Server("beta", PlanTier.Pro, Fetch("example.com"))),
            File("z/mcp.yaml", Server("zeta", PlanTier.Pro, Fetch("example.com"))),
        };

        var state = Fixtures.Builder().Build(org, Fixtures.Repo(), files, _inputs);

        // 3 slots: 'old' (deployed elsewhere), 'zeta' (seen first), then 'alpha' (new, before 'beta' by id).
        Assert.Equal(["alpha", "zeta"], state.Workers.Select(w => w.Id.Name));
        var refused = Assert.Single(state.Stalled);
        Assert.Equal("beta", refused.Id.Name);
        Assert.Equal(StallReason.PlanLimit, refused.Reason);
        Assert.Contains("3 servers per org", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentHash_IsDeterministic_AndMovesWithEveryInputThatDefinesADeployment()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        var file = File("t/mcp.yaml", Server("t", PlanTier.Free, Slack()));
        var baseline = Build(file).Workers[0].ContentHash;

        Assert.Equal(baseline, Build(file).Workers[0].ContentHash);

        _inputs.Secrets["local/slack-bot"] = 2;
        var afterSecret = Build(file).Workers[0].ContentHash;
        Assert.NotEqual(baseline, afterSecret);

        _inputs.KeyRing[new ServerId("local", "examples", "t")] = [new NamedKeyHash("laptop", new string('a', 64))];
        var afterKey = Build(file).Workers[0].ContentHash;
        Assert.NotEqual(afterSecret, afterKey);

        var afterRuntime = Fixtures.Builder(Fixtures.Runtime("2")).Build(Fixtures.LocalOrg(), Fixtures.Repo(), [file], _inputs).Workers[0].ContentHash;
        Assert.NotEqual(afterKey, afterRuntime);

        var afterSettings = Build(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack(settingsJson: """{"readOnly":true}""")))).Workers[0].ContentHash;
        Assert.NotEqual(afterKey, afterSettings);
    }

    [Fact]
    public void KeyHashes_AreBoundSorted_AndNamedInTheSummary()
    {
        var id = new ServerId("local", "examples", "t");
        _inputs.KeyRing[id] = [new NamedKeyHash("zed", new string('f', 64)), new NamedKeyHash("amy", new string('0', 64))];

        var worker = Build(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("example.com")))).Workers[0];

        Assert.Equal($"[\"{new string('0', 64)}\",\"{new string('f', 64)}\"]", Json(worker, "MCP_KEY_HASHES"));
        Assert.Equal(["amy", "zed"], worker.Summary.Keys.Select(k => k.Name));
    }

    private static string Json(DesiredWorker worker, string binding) =>
        ((JsonBinding)worker.Bindings.Single(b => b.Name == binding)).Json;
}
