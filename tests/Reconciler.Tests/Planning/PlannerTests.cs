using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Planning;

public sealed class PlannerTests
{
    private readonly FakeDesireInputs _inputs = new();

    private DesiredState Desire(params ManifestFile[] files) =>
        Fixtures.Builder().Build(Fixtures.LocalOrg(), Fixtures.Repo(), files, _inputs);

    /// <summary>As the platform lists it; its etag is the content hash unless said otherwise.</summary>
    private static DeployedWorker Deployed(DesiredWorker w, string? etag = null) =>
        new(w.ScriptName, w.Ownership, etag ?? w.ContentHash, null, $"http://127.0.0.1:8790/{w.Id}");

    /// <summary>As the inventory recorded it, with the receipt's etag (the content hash) unless said otherwise.</summary>
    private static Dictionary<string, AppliedDeployment> Applied(params DesiredWorker[] workers) =>
        workers.ToDictionary(w => w.ScriptName, w => new AppliedDeployment(w.ContentHash, w.Summary, w.ContentHash), StringComparer.Ordinal);

    [Fact]
    public void NewServer_IsCreated_WithItsToolsAsReasons()
    {
        var desired = Desire(File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [], Applied());

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal(["+ tool fetch", "+ plan free"], change.Reasons.Select(r => r.ToString()));
        Assert.Equal((1, 0, 0), (plan.ToAdd, plan.ToChange, plan.ToDestroy));
    }

    [Fact]
    public void UnchangedServer_IsANoOp_AndThePlanHasNoChanges()
    {
        var desired = Desire(File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));
        var w = desired.Workers[0];

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [Deployed(w)], Applied(w));

        Assert.Equal(ChangeAction.NoOp, Assert.Single(plan.Changes).Action);
        Assert.False(plan.HasChanges);
    }

    [Theory]
    [MemberData(nameof(UpdateCases))]
    public void ChangedServer_IsUpdated_WithOneReasonPerChange(string name, Action<FakeDesireInputs> change, ManifestFile before, ManifestFile after, string[] expected)
    {
        _ = name;
        _inputs.Secrets["local/bot"] = 1;
        var old = Desire(before).Workers[0];
        change(_inputs);
        var desired = Desire(after);

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", desired, [Deployed(old)], Applied(old));

        var update = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, update.Action);
        Assert.Equal(expected, update.Reasons.Select(r => r.ToString()));
    }

    public static TheoryData<string, Action<FakeDesireInputs>, ManifestFile, ManifestFile, string[]> UpdateCases()
    {
        static void Nothing(FakeDesireInputs i)
        {
        }

        return new()
        {
            { "tool added", i => i.Secrets["local/gh"] = 1, File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))), File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"), Tool("github", "{}", null, ("token", "gh")))), ["+ tool github", "+ secret gh as MCP_SECRET_GITHUB_TOKEN (sensitive value)"] },
            { "tool removed", Nothing, File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"), Tool("fetch", """{"allowedHosts":["b.example"]}""", "docs"))), File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))), ["- tool fetch as docs"] },
            { "setting changed", Nothing, File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))), File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example", "b.example"))), ["~ tool fetch: with.allowedHosts: [\"a.example\"] -> [\"a.example\",\"b.example\"]"] },
            { "plan changed", Nothing, File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))), File("t/mcp.yaml", Server("t", PlanTier.Pro, Fetch("a.example"))), ["~ plan free -> pro", "~ rate limit 60/min -> 600/min"] },
            { "suspended", Nothing, File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))), File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")) with { Suspended = true }), ["~ suspended false -> true"] },
        };
    }

    [Fact]
    public void NewSecretVersion_IsARebind_OfThatSecretOnly()
    {
        _inputs.Secrets["local/bot"] = 1;
        var file = File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")));
        var old = Desire(file).Workers[0];
        _inputs.Secrets["local/bot"] = 2;

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(file), [Deployed(old)], Applied(old));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.UpdateSecrets, change.Action);
        Assert.Equal(["~ secret bot changed (sensitive value)"], change.Reasons.Select(r => r.ToString()));
        Assert.Equal(["MCP_SECRET_SLACK_BOTTOKEN"], change.ReboundSecrets);
        Assert.False(change.KeysRebound);
        Assert.Equal(1, plan.ToChange);
    }

    [Fact]
    public void NewKey_IsARebind_OfTheKeyHashes()
    {
        var id = new ServerId("local", "examples", "t");
        var file = File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")));
        var old = Desire(file).Workers[0];
        _inputs.KeyRing[id] = [new NamedKeyHash("laptop", new string('1', 64))];

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(file), [Deployed(old)], Applied(old));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.UpdateSecrets, change.Action);
        Assert.Equal(["+ key laptop"], change.Reasons.Select(r => r.ToString()));
        Assert.True(change.KeysRebound);
        Assert.Empty(change.ReboundSecrets);
    }

    [Fact]
    public void SecretChange_WithAToolChange_IsAFullUpdate()
    {
        _inputs.Secrets["local/bot"] = 1;
        var old = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")))).Workers[0];
        _inputs.Secrets["local/bot"] = 2;

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot"), Fetch("a.example")))), [Deployed(old)], Applied(old));

        Assert.Equal(ChangeAction.Update, Assert.Single(plan.Changes).Action);
    }

    [Fact]
    public void SecretChange_OnARecordWithoutCodeHash_IsAFullUpdate()
    {
        _inputs.Secrets["local/bot"] = 1;
        var file = File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")));
        var old = Desire(file).Workers[0];
        _inputs.Secrets["local/bot"] = 2;
        var applied = new Dictionary<string, AppliedDeployment>(StringComparer.Ordinal)
        {
            [old.ScriptName] = new(old.ContentHash, old.Summary with { CodeHash = null }, old.ContentHash),
        };

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(file), [Deployed(old)], applied);

        Assert.Equal(ChangeAction.Update, Assert.Single(plan.Changes).Action);
    }

    [Fact]
    public void NameTakenByAScriptNotOwned_StallsTheServer_AndTouchesNothing()
    {
        var desired = Desire(File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));
        var foreign = new DeployedWorker(desired.Workers[0].ScriptName, null, "their-etag", null, "https://elsewhere");

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [foreign], Applied());

        Assert.Empty(plan.Changes);
        var stalled = Assert.Single(plan.Stalled);
        Assert.Equal(StallReason.NameClash, stalled.Reason);
        Assert.Contains("does not own", stalled.Message, StringComparison.Ordinal);
    }

    /// <summary>Ownership as a platform with short values records it: hashed keys, a content hash prefix, no readable id.</summary>
    private static DeployedWorker Hashed(DesiredWorker w, string? contentPrefix = null) =>
        new(w.ScriptName, new Ownership(w.Ownership.Owner, Ownership.HashedKeyPrefix + Ownership.KeyHash(w.Identity.StableKey), null, contentPrefix ?? w.ContentHash[..16])
        {
            RepoKey = Fixtures.Repo().RepoKey,
        }, "etag-1", null, "https://x.example.workers.dev");

    [Fact]
    public void DeployedButNotRecorded_WithTheSameContentPrefix_IsANoOp_NotASecondUpload()
    {
        var desired = Desire(File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [Hashed(desired.Workers[0])], Applied());

        Assert.Equal(ChangeAction.NoOp, Assert.Single(plan.Changes).Action);
    }

    [Fact]
    public void HashedOwnership_IsDeleted_WhenTheInventoryNamesTheServer_AndNeverOnAGuess()
    {
        var gone = Desire(File("old/mcp.yaml", Server("old", PlanTier.Free, Fetch("a.example")))).Workers[0];

        var recorded = Planner.Compute(Fixtures.Repo(), "rev2", Desire(), [Hashed(gone)], Applied(gone));
        var unrecorded = Planner.Compute(Fixtures.Repo(), "rev2", Desire(), [Hashed(gone)], Applied());
        var otherRepo = Planner.Compute(Fixtures.Repo("other"), "rev2", Desire(), [Hashed(gone)], Applied(gone));

        Assert.Equal(ChangeAction.Delete, Assert.Single(recorded.Changes).Action);
        Assert.Empty(unrecorded.Changes);
        Assert.Empty(otherRepo.Changes);
    }

    [Fact]
    public void ReceiptWithoutEtag_AdoptsTheListedOne_WithoutAChange()
    {
        var desired = Desire(File("d/mcp.yaml", Server("docs", PlanTier.Free, Fetch("example.com"))));
        var w = desired.Workers[0];
        var applied = new Dictionary<string, AppliedDeployment>(StringComparer.Ordinal) { [w.ScriptName] = new(w.ContentHash, w.Summary, null) };

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [Deployed(w, "listed-etag")], applied);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.NoOp, change.Action);
        Assert.Equal("listed-etag", change.AdoptEtag);
    }

    [Fact]
    public void RevokedKey_IsAReason()
    {
        var id = new ServerId("local", "examples", "t");
        var file = File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")));
        _inputs.KeyRing[id] = [new NamedKeyHash("laptop", new string('1', 64)), new NamedKeyHash("ci", new string('2', 64))];
        var old = Desire(file).Workers[0];
        _inputs.KeyRing[id] = [new NamedKeyHash("ci", new string('2', 64))];

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(file), [Deployed(old)], Applied(old));

        Assert.Equal(ChangeAction.UpdateSecrets, plan.Changes[0].Action);
        Assert.Equal(["- key laptop revoked"], plan.Changes[0].Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void RemovedDocument_IsDeleted_OnlyForWorkersOfThisRepo()
    {
        var gone = Desire(File("old/mcp.yaml", Server("old", PlanTier.Free, Fetch("a.example")))).Workers[0];
        var otherRepo = Fixtures.Builder().Build(Fixtures.LocalOrg(), Fixtures.Repo("other"), [File("x/mcp.yaml", Server("x", PlanTier.Free, Fetch("a.example")))], _inputs).Workers[0];

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(), [Deployed(gone), Deployed(otherRepo)], Applied(gone));

        var delete = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Delete, delete.Action);
        Assert.Equal(gone.ScriptName, delete.ScriptName);
        Assert.Equal(["- document removed from old/mcp.yaml"], delete.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void StalledServer_KeepsWhatIsDeployed()
    {
        _inputs.Secrets["local/bot"] = 1;
        var old = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")))).Workers[0];
        _inputs.Secrets.Clear();

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")))), [Deployed(old)], Applied(old));

        Assert.Empty(plan.Changes);
        var stalled = Assert.Single(plan.Stalled);
        Assert.Equal(StallReason.SecretMissing, stalled.Reason);
        Assert.Equal(old.Summary, stalled.Applied); // what stays deployed, for reporters
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void StalledServer_NeverDeployed_HasNoAppliedSummary()
    {
        var plan = Planner.Compute(Fixtures.Repo(), "rev", Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot")))), [], Applied());

        Assert.Null(Assert.Single(plan.Stalled).Applied);
    }

    [Fact]
    public void ServersOfAnUnreadableFile_AreKept()
    {
        var old = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")))).Workers[0];

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", Desire(Unparseable("t/mcp.yaml")), [Deployed(old)], Applied(old));

        var kept = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.NoOp, kept.Action);
        Assert.Equal(["~ kept: t/mcp.yaml cannot be read"], kept.Reasons.Select(r => r.ToString()));
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void DriftedWorker_IsUpdated_EvenWhenTheManifestDidNotChange()
    {
        var desired = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example"))));
        var w = desired.Workers[0];

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [Deployed(w, etag: "changed-behind-our-back")], Applied(w));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.True(change.Drifted);
        Assert.Equal(["~ drift: changed outside McpSaas"], change.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void ANewVersionNamingTheWantedContent_ThatNoRecordHas_IsRecordedAsANoOp_NotReportedAsDrift()
    {
        // A run uploaded the new content (its ownership record says so) and was killed before it recorded the receipt.
        var old = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")))).Workers[0];
        var desired = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example", "b.example"))));
        var w = desired.Workers[0];

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", desired, [Deployed(w, etag: "uploaded-then-killed")], Applied(old));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.NoOp, change.Action);
        Assert.False(change.Drifted);
        Assert.Equal("uploaded-then-killed", change.Deployed!.Etag);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void ADriftedWorker_StillNamingTheRecordedContent_IsSetBack()
    {
        // A deploy from another tool keeps McpSaas's tags (the recorded content), not the content wanted now.
        var old = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example")))).Workers[0];
        var desired = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Fetch("a.example", "b.example"))));

        var plan = Planner.Compute(Fixtures.Repo(), "rev2", desired, [Deployed(old, etag: "changed-behind-our-back")], Applied(old));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.True(change.Drifted);
    }

    [Fact]
    public void Plan_NeverContainsASecretValue()
    {
        // Secret values are not even an input of planning: bindings carry references and versions only.
        _inputs.Secrets["local/bot"] = 1;
        var desired = Desire(File("t/mcp.yaml", Server("t", PlanTier.Free, Slack("bot"))));

        var plan = Planner.Compute(Fixtures.Repo(), "rev1", desired, [], Applied());

        Assert.All(desired.Workers[0].Bindings.OfType<SecretTextBinding>(), b => Assert.IsNotType<string>(b.Source));
        Assert.Contains("(sensitive value)", TextPlanRenderer.Render(plan), StringComparison.Ordinal);
    }
}
