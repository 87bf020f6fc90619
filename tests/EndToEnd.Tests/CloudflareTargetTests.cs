using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpSaas.EndToEnd.Tests.Support;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Tests.Platforms.Cloudflare;
using McpSaas.Testing.Fakes.Cloudflare;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// `plan`/`apply --target cloudflare` from a git repository, against the contract-checked fake Cloudflare API: the
/// uploaded Worker answers the official MCP client (in real workerd, at its workers.dev URL) and reports usage to
/// McpSaas's `/api/usage`; keys, secret rotation, drift, a name clash and deletions go through the API as documented.
/// </summary>
public sealed class CloudflareTargetTests
{
    private const string SlackSecret = StubUpstreams.SlackToken;

    [Fact]
    public async Task GitRepo_ApplyToCloudflare_RealClientThroughTheUploadedWorker_UsageCounted_ThenToolRemoved_ThenScriptDeleted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var stubs = await StubUpstreams.StartAsync();
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: true);
        using var edge = new HttpClient(cf.Fake.CreateWorkersDevHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        var serverId = $"local/{cf.RepoName}/team";
        var script = ScriptNames.For(ServerIdentity.Local("local", cf.RepoName, "team"));

        Assert.Equal(0, (await cf.RunWithInputAsync(SlackSecret + "\n", "secrets", "set", "local", "slack-bot")).Exit);
        cf.Repo.Write("team/mcp.yaml", CloudflareTarget.Manifest("team", stubs.HostPort, $"{stubs.BaseUrl}api"));
        cf.Repo.Commit("team server");

        var apply = await cf.ApplyAsync();
        Assert.True(apply.Exit == 0, apply.ToString());
        var url = $"https://{script}.{cf.Fake.Options.Subdomain}.workers.dev/mcp";
        Assert.Contains($"created {serverId}  {url}", apply.Stdout, StringComparison.Ordinal);
        Assert.True(cf.Fake.Script(script)!.WorkersDevEnabled);

        // servers list and connect show the workers.dev URL.
        Assert.Contains(url, (await cf.RunAsync("servers", "list")).Stdout, StringComparison.Ordinal);
        Assert.Contains(url, (await cf.RunAsync("connect", serverId, "--client", "json")).Stdout, StringComparison.Ordinal);

        // Keys reach the Worker on Cloudflare (MCP_KEY_HASHES through /settings, no upload).
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, null, edge));
        var uploadsBefore = Uploads(cf.Fake, script);
        var created = await cf.RunAsync("keys", "create", serverId, "--name", "laptop");
        Assert.True(created.Exit == 0, created.ToString());
        var key = Mcp.KeyIn(created.Stdout);
        Assert.Equal(uploadsBefore, Uploads(cf.Fake, script));
        await Task.Delay(1100, cts.Token); // pooled connections to the fake's previous workerd expire

        await using (var client = await ConnectAsync(cf, url, key, edge, cts.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
            Assert.Contains(tools, t => t.Name == "fetch");
            Assert.Contains(tools, t => t.Name == "slack_post_message");

            var page = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cts.Token);
            Assert.True(page.IsError != true, Text(page));
            Assert.Contains("Install guide", Text(page), StringComparison.Ordinal);

            var posted = await client.CallToolAsync("slack_post_message",
                new Dictionary<string, object?> { ["channel_id"] = "C0456", ["text"] = "hello from cloudflare" }, cancellationToken: cts.Token);
            Assert.True(posted.IsError != true, Text(posted));
            var slackCall = Assert.Single(stubs.Requests, r => r.PathAndQuery.StartsWith("/api/chat.postMessage", StringComparison.Ordinal));
            Assert.Equal($"Bearer {SlackSecret}", slackCall.Authorization); // the value set through secrets-bulk
        }

        // Usage reaches MCP_USAGE_URL (the web host's /api/usage on the public base URL) and is counted.
        var usage = await WaitForCallsAsync(cf, serverId, 2, cts.Token);
        Assert.Contains(usage.GetProperty("byTool").EnumerateArray(), t => t.GetProperty("tool").GetString() == "fetch");

        // A revoked key gets 401 once `keys revoke` returns.
        var revoked = await cf.RunAsync("keys", "revoke", serverId, "laptop");
        Assert.True(revoked.Exit == 0, revoked.ToString());
        var second = Mcp.KeyIn((await cf.RunAsync("keys", "create", serverId, "--name", "ci")).Stdout);
        await Task.Delay(1100, cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, await Mcp.InitializeStatusAsync(url, key, edge));

        // A tool removed: one upload, and its secret goes with it.
        cf.Repo.Write("team/mcp.yaml", CloudflareTarget.Manifest("team", stubs.HostPort));
        cf.Repo.Commit("drop slack");
        var removeTool = await cf.ApplyAsync();
        Assert.True(removeTool.Exit == 0, removeTool.ToString());
        Assert.Contains("- tool slack", removeTool.Stdout, StringComparison.Ordinal);
        Assert.Contains($"updated {serverId}", removeTool.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MCP_SECRET_SLACK_BOTTOKEN", cf.Fake.Script(script)!.Secrets.Keys);
        await Task.Delay(1100, cts.Token);
        await using (var client = await ConnectAsync(cf, url, second, edge, cts.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
            Assert.Contains(tools, t => t.Name == "fetch");
            Assert.DoesNotContain(tools, t => t.Name.StartsWith("slack_", StringComparison.Ordinal));
        }

        // The manifest deleted: the script is deleted.
        cf.Repo.Delete("team/mcp.yaml");
        cf.Repo.Commit("remove the server");
        var delete = await cf.ApplyAsync();
        Assert.True(delete.Exit == 0, delete.ToString());
        Assert.Contains($"destroyed {serverId}", delete.Stdout, StringComparison.Ordinal);
        Assert.Null(cf.Fake.Script(script));
        Assert.DoesNotContain(serverId, (await cf.RunAsync("servers", "list")).Stdout, StringComparison.Ordinal);

        // The token and the secret value: only in Authorization headers and secret bodies; never printed nor logged.
        SecretHygiene.AssertOnlyInSecretBodies(cf.Fake.Requests, cf.Fake.ApiToken, [SlackSecret]);
        SecretHygiene.AssertNoneIn(cf.Printed, [cf.Fake.ApiToken, SlackSecret], "the CLI's output");
        SecretHygiene.AssertNoneIn(cf.HostLogs.AllText, [cf.Fake.ApiToken, SlackSecret], "the web host's log");
    }

    [Fact]
    public async Task ANoOpApply_MakesAtMostOneListCall_AndNoWrite()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        cf.Repo.Write("a/mcp.yaml", CloudflareTarget.Manifest("a", "docs.example.com"));
        cf.Repo.Write("b/mcp.yaml", CloudflareTarget.Manifest("b", "docs.example.org"));
        cf.Repo.Commit("two servers");
        var first = await cf.ApplyAsync();
        Assert.True(first.Exit == 0, first.ToString());
        cf.Fake.ClearRequests();

        var again = await cf.ApplyAsync();

        Assert.True(again.Exit == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        var requests = cf.Fake.Requests;
        Assert.True(requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/workers/scripts", StringComparison.Ordinal)) <= 1, string.Join("\n", requests));
        Assert.DoesNotContain(requests, r => r.IsWrite);
    }

    [Fact]
    public async Task ASecretRotation_IsOneSecretsBulk_WithoutAModuleUpload()
    {
        await using var stubs = await StubUpstreams.StartAsync();
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        var script = ScriptNames.For(ServerIdentity.Local("local", cf.RepoName, "team"));
        Assert.Equal(0, (await cf.RunWithInputAsync("xoxb-first-value-0001\n", "secrets", "set", "local", "slack-bot")).Exit);
        cf.Repo.Write("team/mcp.yaml", CloudflareTarget.Manifest("team", stubs.HostPort, $"{stubs.BaseUrl}api"));
        cf.Repo.Commit("team");
        Assert.Equal(0, (await cf.ApplyAsync()).Exit);
        var etag = cf.Fake.Script(script)!.Etag;
        cf.Fake.ClearRequests();

        Assert.Equal(0, (await cf.RunWithInputAsync("xoxb-second-value-0002\n", "secrets", "set", "local", "slack-bot")).Exit);
        var plan = await cf.PlanAsync();
        var apply = await cf.ApplyAsync();
        var noop = await cf.ApplyAsync();

        Assert.Contains("will have its secrets or keys rebound (no upload)", plan.Stdout, StringComparison.Ordinal);
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains($"rebound local/{cf.RepoName}/team", apply.Stdout, StringComparison.Ordinal);
        var write = Assert.Single(cf.Fake.Requests, r => r.IsWrite);
        Assert.Equal("PATCH", write.Method);
        Assert.EndsWith($"/scripts/{script}/secrets-bulk", write.Path, StringComparison.Ordinal);
        Assert.Equal("xoxb-second-value-0002", cf.Fake.Script(script)!.Secrets["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.Equal(etag, cf.Fake.Script(script)!.Etag);
        Assert.Contains("No changes.", noop.Stdout, StringComparison.Ordinal);
        SecretHygiene.AssertOnlyInSecretBodies(cf.Fake.Requests, cf.Fake.ApiToken, ["xoxb-second-value-0002"]);
        SecretHygiene.AssertNoneIn(cf.Printed, ["xoxb-first-value-0001", "xoxb-second-value-0002", cf.Fake.ApiToken], "the CLI's output");
    }

    [Fact]
    public async Task AWorkerChangedOutsideMcpSaas_IsReportedAsDrift_AndSetBack()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        var script = ScriptNames.For(ServerIdentity.Local("local", cf.RepoName, "docs"));
        cf.Repo.Write("docs/mcp.yaml", CloudflareTarget.Manifest("docs", "docs.example.com"));
        cf.Repo.Commit("docs");
        Assert.Equal(0, (await cf.ApplyAsync()).Exit);
        var deployed = cf.Fake.Script(script)!;

        // Someone deploys an edit from the dashboard: a new version, McpSaas's tags kept.
        cf.Fake.DeployOutside(script, main => main + "\n// edited in the dashboard\n");
        var plan = await cf.PlanAsync();
        var apply = await cf.ApplyAsync();
        var again = await cf.ApplyAsync();

        Assert.Contains("drift: changed outside McpSaas", plan.Stdout, StringComparison.Ordinal);
        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Contains("drift: changed outside McpSaas", apply.Stdout, StringComparison.Ordinal);
        var restored = cf.Fake.Script(script)!;
        Assert.DoesNotContain("edited in the dashboard", restored.Modules.Single(m => m.Name == restored.MainModule).Text, StringComparison.Ordinal);
        Assert.Equal(deployed.Modules.Single(m => m.Name == "main.mjs").Text, restored.Modules.Single(m => m.Name == "main.mjs").Text);
        Assert.Equal("api", restored.LastDeployedFrom);
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnownedScriptWithTheServersName_IsUntouched_AndTheServerStallsWithTheReason()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        var serverId = $"local/{cf.RepoName}/docs";
        var script = ScriptNames.For(ServerIdentity.Local("local", cf.RepoName, "docs"));
        cf.Fake.SeedScript(script, ["team-blue"]);
        var theirs = cf.Fake.Script(script)!;
        cf.Repo.Write("docs/mcp.yaml", CloudflareTarget.Manifest("docs", "docs.example.com"));
        cf.Repo.Write("other/mcp.yaml", CloudflareTarget.Manifest("other", "docs.example.com"));
        cf.Repo.Commit("docs and other");

        var apply = await cf.ApplyAsync();

        Assert.Equal(1, apply.Exit);
        Assert.Matches($"! {Regex.Escape(serverId)} .*the Worker name '{script}' is taken by a script this McpSaas does not own", apply.Stdout);
        Assert.Contains($"created local/{cf.RepoName}/other", apply.Stdout, StringComparison.Ordinal); // the others go on
        var after = cf.Fake.Script(script)!;
        Assert.Equal((theirs.Etag, theirs.Version, "dash"), (after.Etag, after.Version, after.LastDeployedFrom));
        Assert.Equal(theirs.Tags, after.Tags);
        Assert.DoesNotContain(cf.Fake.Requests, r => r.IsWrite && r.Path.Contains($"/scripts/{script}", StringComparison.Ordinal));
        using var servers = JsonDocument.Parse((await cf.RunAsync("servers", "list", "--json")).Stdout);
        var docs = servers.RootElement.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("id").GetString() == serverId);
        Assert.Equal("stalled", docs.GetProperty("state").GetString());
        Assert.Contains("does not own", docs.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfiguration_IsNamed_BeforeAnyCall()
    {
        await using var cf = await CloudflareTarget.StartAsync(runWorkers: false);
        cf.Cli.Environment.Remove("MCPSAAS_Cloudflare__ApiToken");
        cf.Cli.Environment.Remove("MCPSAAS_PublicBaseUrl");
        cf.Repo.Write("docs/mcp.yaml", CloudflareTarget.Manifest("docs", "docs.example.com"));
        cf.Repo.Commit("docs");

        var plan = await cf.PlanAsync();

        Assert.Equal(2, plan.Exit);
        Assert.Contains("MCPSAAS_Cloudflare__ApiToken is not set", plan.Stderr, StringComparison.Ordinal);
        Assert.Contains("MCPSAAS_PublicBaseUrl is not set", plan.Stderr, StringComparison.Ordinal);
        Assert.Empty(cf.Fake.Requests);
    }

    private static int Uploads(FakeCloudflareApi fake, string script) =>
        fake.Requests.Count(r => r.Method == "PUT" && r.Path.EndsWith($"/scripts/{script}", StringComparison.Ordinal) && r.Status == 200);

    private static async Task<ModelContextProtocol.Client.McpClient> ConnectAsync(CloudflareTarget cf, string url, string key, HttpClient edge, CancellationToken cancellationToken)
    {
        try
        {
            return await Mcp.ConnectAsync(url, key, edge, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"the uploaded Worker did not answer: {cf.Fake.WorkersLog()}", e);
        }
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static async Task<JsonElement> WaitForCallsAsync(CloudflareTarget cf, string serverId, int expected, CancellationToken cancellationToken)
    {
        JsonElement usage = default;
        for (var i = 0; i < 120; i++)
        {
            var run = await cf.Cli.RunAsync("usage", serverId, "--json");
            if (run.Exit == 0)
            {
                usage = JsonDocument.Parse(run.Stdout).RootElement.Clone();
                if (usage.GetProperty("calls").GetInt64() >= expected)
                {
                    return usage;
                }
            }

            await Task.Delay(250, cancellationToken);
        }

        Assert.Fail($"usage never reached {expected} calls: {usage}; workerd: {cf.Fake.WorkersLog()}");
        return usage;
    }
}
