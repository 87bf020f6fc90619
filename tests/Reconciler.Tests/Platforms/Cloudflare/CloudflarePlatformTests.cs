using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using McpSaas.Testing.Fakes.Cloudflare;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>What <see cref="CloudflarePlatform"/> sends, in which order, and what it refuses, against the fake API.</summary>
public sealed class CloudflarePlatformTests
{
    private const string PublicBaseUrl = "https://mcpsaas.example/base/";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeDesireInputs _inputs = new();

    [Fact]
    public async Task ANewServer_IsUploadedPending_ThenGetsItsSecrets_AndWorkersDev_ThenIsMarkedDone()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        _inputs.Secrets["local/slack-bot"] = 1;
        var worker = Desire(platform, "team", Slack());

        var receipt = await platform.DeployAsync(Deployment(worker, ("MCP_SECRET_SLACK_BOTTOKEN", "xoxb-seeded-value")), None);

        var calls = h.Fake.Requests.Select(r => $"{r.Method} {r.Path[(r.Path.IndexOf("/workers", StringComparison.Ordinal) + 8)..]}").ToList();
        Assert.Equal(
        [
            "GET /subdomain", "GET /scripts", $"PUT /scripts/{worker.ScriptName}", $"PATCH /scripts/{worker.ScriptName}/secrets-bulk",
            $"POST /scripts/{worker.ScriptName}/subdomain", $"PATCH /scripts/{worker.ScriptName}/script-settings",
        ], calls);
        using var metadata = UploadMetadata(h.Fake.Requests[2]);
        var root = metadata.RootElement;
        Assert.Equal("main.mjs", root.GetProperty("main_module").GetString());
        Assert.Equal(["secret_text", "secret_key"], root.GetProperty("keep_bindings").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(root.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() is "secret_text" or "inherit" or "service");
        Assert.Contains(root.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("name").GetString() == "MCP_USAGE_URL"
            && b.GetProperty("text").GetString() == "https://mcpsaas.example/base/api/usage");
        Assert.Equal(DurableObjectMigrations.V1, root.GetProperty("migrations").GetProperty("new_tag").GetString());
        Assert.Contains($"mcpsaas-pending-{worker.ContentHash[..16]}", root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var script = h.Fake.Script(worker.ScriptName)!;
        Assert.True(script.WorkersDevEnabled);
        Assert.Contains($"mcpsaas-content-{worker.ContentHash[..16]}", script.Tags);
        Assert.Equal("xoxb-seeded-value", script.Secrets["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.Equal(script.Etag, receipt.Etag);
        Assert.Equal($"https://{worker.ScriptName}.mcpsaas-fake.workers.dev", receipt.Endpoint);
        SecretHygiene.AssertOnlyInSecretBodies(h.Fake.Requests, h.Fake.ApiToken, ["xoxb-seeded-value"]);
    }

    [Fact]
    public async Task ACreateThatStoppedAfterItsUpload_IsFinishedByTheNextDeploy_WithoutUploadingAgain()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o =>
        {
            o.Faults = FakeFault.ServerError;
            o.FaultFilter = (method, path) => method == "PATCH" && path.EndsWith("/secrets-bulk", StringComparison.Ordinal);
        }, client: o => o.MaxAttempts = 1);
        var first = Platform(h);
        await first.PrepareAsync(None);
        var worker = Desire(first, "team", Fetch("example.com"));
        h.Fake.Options.FaultRate = 1;

        var failed = await Assert.ThrowsAsync<PlatformException>(() => first.DeployAsync(Deployment(worker), None));
        h.Fake.Options.FaultRate = 0;
        var next = Platform(h); // the next run (another process): it knows only what it lists
        var listed = Assert.Single(await next.ListAsync(None));
        var receipt = await next.DeployAsync(Deployment(worker), None);

        Assert.Equal(ErrorClass.Transient, failed.Class);
        Assert.Null(listed.Ownership!.ContentHash); // pending: the planner does not take it as done
        Assert.Single(h.Fake.Requests, r => r.Method == "PUT" && r.Path.EndsWith($"/scripts/{worker.ScriptName}", StringComparison.Ordinal));
        var script = h.Fake.Script(worker.ScriptName)!;
        Assert.True(script.WorkersDevEnabled);
        Assert.Contains($"mcpsaas-content-{worker.ContentHash[..16]}", script.Tags);
        Assert.Equal(script.Etag, receipt.Etag);
        Assert.True(Assert.Single(await next.ListAsync(None)).Ownership!.HasContent(worker.ContentHash));
    }

    [Fact]
    public async Task AnUpdate_SetsOnlySecretsNotInPlace_AndInheritsExactlyTheWantedOnes()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        _inputs.Secrets["local/slack-bot"] = 1;
        var before = Desire(platform, "team", Slack());
        await platform.DeployAsync(Deployment(before, ("MCP_SECRET_SLACK_BOTTOKEN", "xoxb-old")), None);
        h.Fake.ClearRequests();

        var after = Desire(platform, "team", Fetch("example.com")); // the Slack tool (and its secret) removed
        var receipt = await platform.DeployAsync(Deployment(after) with { SecretsInPlace = new HashSet<string>(["MCP_USAGE_TOKEN"]) }, None);

        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal("PUT", request.Method);
        using var metadata = UploadMetadata(request);
        Assert.Equal([("inherit", "MCP_USAGE_TOKEN")], metadata.RootElement.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() is "inherit" or "secret_text")
            .Select(b => (b.GetProperty("type").GetString(), b.GetProperty("name").GetString())));
        Assert.Empty(metadata.RootElement.GetProperty("keep_bindings").EnumerateArray());
        Assert.False(metadata.RootElement.TryGetProperty("migrations", out _)); // already at the latest tag
        var script = h.Fake.Script(after.ScriptName)!;
        Assert.Equal(["MCP_USAGE_TOKEN"], script.Secrets.Keys);
        Assert.Equal(script.Etag, receipt.Etag);
        Assert.Contains($"mcpsaas-content-{after.ContentHash[..16]}", script.Tags);
    }

    [Fact]
    public async Task ASecretThoughtInPlace_ThatIsGone_IsSetAgain_AndTheUploadGoesThrough()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        var before = Desire(platform, "team", Fetch("example.com"));
        await platform.DeployAsync(Deployment(before), None);
        await h.Client.PatchSecretsAsync(before.ScriptName, new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = null }, None); // removed outside

        var after = Desire(platform, "team", Fetch("example.org"));
        await platform.DeployAsync(Deployment(after) with { SecretsInPlace = new HashSet<string>(["MCP_USAGE_TOKEN"]) }, None);

        Assert.Equal("value-of-MCP_USAGE_TOKEN", h.Fake.Script(after.ScriptName)!.Secrets["MCP_USAGE_TOKEN"]);
        Assert.Contains($"mcpsaas-content-{after.ContentHash[..16]}", h.Fake.Script(after.ScriptName)!.Tags);
    }

    [Fact]
    public async Task AKeysRebind_PatchesSettings_KeepingSecrets_WithoutAnUpload_AndRecordsTheNewContent()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        var worker = Desire(platform, "team", Fetch("example.com"));
        await platform.DeployAsync(Deployment(worker), None);
        var etag = h.Fake.Script(worker.ScriptName)!.Etag;
        h.Fake.ClearRequests();
        const string keys = """["3f2a9c01b7de3f2a9c01b7de3f2a9c01b7de3f2a9c01b7de3f2a9c01b7de3f2a"]""";
        var listed = Assert.Single(await platform.ListAsync(None));
        var newHash = new string('d', 64);

        var receipt = await platform.RebindAsync(new WorkerRebind(worker.ScriptName, listed.Ownership! with { ContentHash = newHash },
            ValueArray.Create(new JsonBinding(DeploymentHash.KeyHashesBinding, keys)), []), None);

        Assert.Equal(["GET", "GET", "PATCH"], h.Fake.Requests.Select(r => r.Method));
        Assert.EndsWith("/settings", h.Fake.Requests[^1].Path, StringComparison.Ordinal);
        var script = h.Fake.Script(worker.ScriptName)!;
        Assert.Contains(script.Bindings, b => b.Contains("\"MCP_KEY_HASHES\"", StringComparison.Ordinal) && b.Contains("3f2a9c01b7de", StringComparison.Ordinal));
        Assert.Equal("value-of-MCP_USAGE_TOKEN", script.Secrets["MCP_USAGE_TOKEN"]);
        Assert.Contains("mcpsaas-content-dddddddddddddddd", script.Tags);
        Assert.NotEqual(etag, script.Etag);
        Assert.Null(receipt.Etag); // not in /settings' answer: the next listing's is adopted
    }

    [Fact]
    public async Task ASecretsRebind_IsOneSecretsBulk_AndNoNewVersion()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        _inputs.Secrets["local/slack-bot"] = 1;
        var worker = Desire(platform, "team", Slack());
        await platform.DeployAsync(Deployment(worker, ("MCP_SECRET_SLACK_BOTTOKEN", "xoxb-one")), None);
        var etag = h.Fake.Script(worker.ScriptName)!.Etag;
        h.Fake.ClearRequests();
        var binding = worker.Bindings.OfType<SecretTextBinding>().Single(b => b.Name == "MCP_SECRET_SLACK_BOTTOKEN");

        await platform.RebindAsync(new WorkerRebind(worker.ScriptName, worker.Ownership, ValueArray<JsonBinding>.Empty, [new ReboundSecret(binding, new SecretValue("xoxb-two"))]), None);

        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal(("PATCH", true), (request.Method, request.IsSecretBody));
        Assert.Equal("xoxb-two", h.Fake.Script(worker.ScriptName)!.Secrets["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.Equal(etag, h.Fake.Script(worker.ScriptName)!.Etag);
    }

    [Fact]
    public async Task AScriptMcpSaasDoesNotOwn_IsListedWithoutOwnership_AndNeverWritten()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        var worker = Desire(platform, "team", Fetch("example.com"));
        h.Fake.SeedScript(worker.ScriptName, ["team-blue"]);
        h.Fake.SeedScript("mcpsaas-lookalike", ["mcpsaas", "mcpsaas-owner-local"]);
        var before = h.Fake.Script(worker.ScriptName)!;

        var listed = await platform.ListAsync(None);
        var deploy = await Assert.ThrowsAsync<PlatformException>(() => platform.DeployAsync(Deployment(worker), None));
        var delete = await Assert.ThrowsAsync<PlatformException>(() =>
            platform.DeleteAsync(new DeployedWorker(worker.ScriptName, worker.Ownership, before.Etag, null, ""), None));

        Assert.All(listed, w => Assert.Null(w.Ownership));
        Assert.Equal([ErrorClass.Stalled, ErrorClass.Stalled], new[] { deploy.Class, delete.Class });
        Assert.Contains("does not own", deploy.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fake.Requests, r => r.IsWrite);
        var after = h.Fake.Script(worker.ScriptName)!;
        Assert.Equal((before.Etag, before.Version), (after.Etag, after.Version));
        Assert.Equal(before.Tags, after.Tags);
    }

    [Fact]
    public async Task ASpentBudget_IsTransient_WithBudgetExhausted_AndTheTimeTheNextSlotFrees()
    {
        await using var h = await CloudflareHarness.StartAsync(client: o => o.RequestBudget = 3);
        var platform = Platform(h);
        await platform.PrepareAsync(None);
        var worker = Desire(platform, "team", Fetch("example.com"));

        var error = await Assert.ThrowsAsync<PlatformException>(() => platform.DeployAsync(Deployment(worker), None));

        Assert.True(error.BudgetExhausted);
        Assert.Equal(ErrorClass.Transient, error.Class);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal(3, h.Fake.Requests.Count); // subdomain, list, upload; the secrets wait
    }

    [Fact]
    public async Task Endpoint_IsTheWorkersDevHost_WithTheUsageUrlUnderThePublicBaseUrl()
    {
        await using var h = await CloudflareHarness.StartAsync();
        var platform = Platform(h);
        Assert.Throws<InvalidOperationException>(() => platform.Endpoint(Fixtures.Repo().Identity("team"), "mcp-a"));

        await platform.PrepareAsync(None);
        await platform.PrepareAsync(None);
        var endpoint = platform.Endpoint(Fixtures.Repo().Identity("team"), "mcp-a");

        Assert.Equal("https://mcp-a.mcpsaas-fake.workers.dev", endpoint.BaseUrl);
        Assert.Equal(["mcp-a.mcpsaas-fake.workers.dev"], endpoint.AllowedHosts);
        Assert.Equal("https://mcpsaas.example/base/api/usage", endpoint.UsageUrl);
        Assert.Single(h.Fake.Requests); // the subdomain is read once
    }

    [Fact]
    public async Task NoSubdomain_StallsWithWhatToDo()
    {
        await using var h = await CloudflareHarness.StartAsync(fake: o => o.Subdomain = null);

        var error = await Assert.ThrowsAsync<PlatformException>(() => Platform(h).PrepareAsync(None).AsTask());

        Assert.Equal(ErrorClass.Stalled, error.Class);
        Assert.Contains("workers.dev subdomain", error.Message, StringComparison.Ordinal);
    }

    private static CloudflarePlatform Platform(CloudflareHarness h) =>
        new(h.Client, new CloudflarePlatformOptions { PublicBaseUrl = PublicBaseUrl }, TimeProvider.System);

    private DesiredWorker Desire(CloudflarePlatform platform, string name, params ToolUse[] tools) =>
        Assert.Single(Fixtures.Builder().Build(Fixtures.LocalOrg(), Fixtures.Repo(), [File($"{name}/mcp.yaml", Server(name, PlanTier.Free, tools))],
            new PlatformInputs(_inputs, platform)).Workers);

    private static WorkerDeployment Deployment(DesiredWorker worker, params (string Binding, string Value)[] values)
    {
        var given = values.ToDictionary(v => v.Binding, v => v.Value, StringComparer.Ordinal);
        return new WorkerDeployment(worker, worker.Bindings.OfType<SecretTextBinding>().ToDictionary(
            b => b.Name, b => new SecretValue(given.TryGetValue(b.Name, out var v) ? v : $"value-of-{b.Name}"), StringComparer.Ordinal));
    }

    /// <summary>The <c>metadata</c> part of a recorded upload.</summary>
    private static JsonDocument UploadMetadata(RecordedRequest upload)
    {
        var text = upload.BodyText;
        var start = text.IndexOf("name=\"metadata\"", StringComparison.Ordinal);
        var json = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal) + 4;
        var end = text.IndexOf("\r\n--", json, StringComparison.Ordinal);
        return JsonDocument.Parse(text[json..end]);
    }

    private sealed class PlatformInputs(FakeDesireInputs inner, IWorkerPlatform platform) : IDesireInputs
    {
        public int? SecretVersion(string org, string repo, string reference) => inner.SecretVersion(org, repo, reference);

        public IReadOnlyList<NamedKeyHash> Keys(ServerId server) => inner.Keys(server);

        public int UsageTokenVersion(ServerId server) => inner.UsageTokenVersion(server);

        public EndpointProfile Endpoint(McpSaas.Reconciler.Identity.ServerIdentity identity, string scriptName) => platform.Endpoint(identity, scriptName);
    }
}
