using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;
using McpSaas.Testing.Fakes.GitHub;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// The GitOps loop (issue #11) end to end: <c>./mcpsaas serve</c> as a real process with a GitHub App against the fake
/// GitHub (App JWT, expiring installation tokens, git over smart HTTP), signed webhook deliveries, the durable job
/// runner and the periodic reconcile, real workerd, and the official C# MCP client; and what it reports back to the
/// fake GitHub (issue #12): check runs, annotations, the sticky comment, statuses, through GitHub being down.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed partial class GitOpsServeTests : IAsyncLifetime
{
    private const string Secret = "e2e-webhook-secret-0123456789abcdef";
    private const long InstallationId = 7001;
    private const long RepositoryId = 9001;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly TempDir _data = new("mcpsaas-e2e-serve");
    private readonly GitRepo _work = new();
    private FakeGitHub _github = null!;
    private StubUpstreams _stubs = null!;
    private FakeRepository _repository = null!;
    private CliProcess _serve = null!;
    private McpSaasCli _cli = null!;
    private Uri _host = null!;
    private int _deliveries;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync();
        _stubs = await StubUpstreams.StartAsync();
        var installation = _github.AddInstallation(InstallationId, "acme");
        _repository = _github.AddRepository(installation, "tools", RepositoryId);
        _cli = new McpSaasCli(_data.Path);
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            _serve.Signal("TERM");
            await _serve.WaitForExitAsync(TimeSpan.FromSeconds(20));
            _serve.Dispose();
        }

        await _cli.RunAsync("local", "stop");
        await _stubs.DisposeAsync();
        await _github.DisposeAsync();
        _work.Dispose();
        _data.Dispose();
    }

    private async Task StartServeAsync(TimeSpan? reconcileInterval = null, TimeSpan? uninstallGrace = null, bool signIn = false)
    {
        Assert.Equal(0, (await _cli.RunAsync("admin", "plan", "acme", "enterprise")).Exit);
        var port = McpSaas.Reconciler.Platforms.Local.LoopbackPorts.Any();
        _host = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>
        {
            ["MCPSAAS_GitHub__AppId"] = _github.Options.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MCPSAAS_GitHub__PrivateKey"] = _github.PrivateKeyPem,
            ["MCPSAAS_GitHub__WebhookSecret"] = Secret,
            ["MCPSAAS_GitHub__ApiBaseUrl"] = _github.ApiBaseUrl.ToString(),
            ["MCPSAAS_GitHub__WebBaseUrl"] = _github.BaseUrl.ToString(),
            ["MCPSAAS_Jobs__PollInterval"] = "00:00:00.200",
            ["MCPSAAS_Scheduling__ReconcileInterval"] = (reconcileInterval ?? TimeSpan.FromHours(1)).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["MCPSAAS_Scheduling__Jitter"] = "00:00:00",
            ["MCPSAAS_Installations__UninstallGrace"] = (uninstallGrace ?? TimeSpan.FromDays(7)).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["MCPSAAS_Installations__SweepInterval"] = "00:00:01",
            ["MCPSAAS_Reporting__PollInterval"] = "00:00:00.200",
            ["MCPSAAS_Reporting__RetryBaseDelay"] = "00:00:00.500",
            ["MCPSAAS_Reporting__RetryMaxDelay"] = "00:00:02",
        };
        if (signIn)
        {
            // Sign-in to the status UI with the fake GitHub's OAuth server, as a public host has it.
            environment["MCPSAAS_SignIn__ClientId"] = _github.Options.ClientId;
            environment["MCPSAAS_SignIn__ClientSecret"] = _github.Options.ClientSecret;
            environment["MCPSAAS_SignIn__AppSlug"] = _github.Options.AppSlug;
            environment["MCPSAAS_SignIn__WebBaseUrl"] = _github.BaseUrl.ToString();
            environment["MCPSAAS_SignIn__ApiBaseUrl"] = _github.ApiBaseUrl.ToString();
        }

        _serve = new CliProcess(_data.Path, false, environment, "serve", "--urls", _host.ToString().TrimEnd('/'));
        Assert.True(await _serve.WaitForOutputAsync(o => o.Contains("McpSaas is serving", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), _serve.ToString());
    }

    private string Manifest(string name, params string[] aliases) => $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {{name}}
        spec:
          plan: enterprise
          tools:
            - use: fetch
              with:
                allowedHosts: ["{{_stubs.HostPort}}"]
        {{string.Concat(aliases.Select(a => $$"""
            - use: fetch
              as: {{a}}
              with:
                allowedHosts: ["{{_stubs.HostPort}}"]

        """))}}
        """;

    /// <summary>Commits in the work tree and pushes to the fake repository's branch; returns the commit.</summary>
    private string CommitAndPush(string message, string branch = "main")
    {
        var sha = _work.Commit(message);
        using (var repo = new LibGit2Sharp.Repository(_work.Path))
        {
            if (repo.Head.FriendlyName != branch)
            {
                repo.Branches.Add(branch, repo.Head.Tip, allowOverwrite: true);
            }
        }

        _repository.PushFrom(_work.Path, branch == "main" ? "main" : branch);
        return sha;
    }

    private string RepositoryJson(string? name = null) => $$"""
        { "id": {{RepositoryId}}, "name": "{{name ?? _repository.Name}}", "full_name": "acme/{{name ?? _repository.Name}}", "private": true,
          "owner": { "login": "acme", "id": 70011, "type": "Organization" }, "default_branch": "main",
          "clone_url": "{{_repository.CloneUrl}}", "pushed_at": {{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}} }
        """;

    private async Task<HttpStatusCode> DeliverAsync(string eventName, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host, "webhooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", $"e2e-{Interlocked.Increment(ref _deliveries)}-{Guid.NewGuid():N}");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private Task<HttpStatusCode> InstalledAsync() => DeliverAsync("installation", $$"""
        { "action": "created", "installation": { "id": {{InstallationId}}, "account": { "login": "acme", "id": 70011, "type": "Organization" }, "repository_selection": "selected" },
          "repositories": [ { "id": {{RepositoryId}}, "name": "tools", "full_name": "acme/tools", "private": true } ], "sender": { "login": "octocat", "id": 583231 } }
        """);

    private Task<HttpStatusCode> PushedAsync(string sha, string branch = "main", string? repositoryName = null) => DeliverAsync("push", $$"""
        { "ref": "refs/heads/{{branch}}", "before": "0000000000000000000000000000000000000000", "after": "{{sha}}", "created": false, "deleted": false, "forced": false,
          "repository": {{RepositoryJson(repositoryName)}}, "installation": { "id": {{InstallationId}} }, "sender": { "login": "octocat", "id": 583231 }, "commits": [] }
        """);

    private Task<HttpStatusCode> InstallationActionAsync(string action) => DeliverAsync("installation", $$"""
        { "action": "{{action}}", "installation": { "id": {{InstallationId}}, "account": { "login": "acme", "id": 70011, "type": "Organization" }, "repository_selection": "selected" } }
        """);

    private async Task<JsonElement?> ServerAsync(string id)
    {
        var list = await _cli.RunAsync("servers", "list", "--json");
        if (list.Exit != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(list.Stdout);
        return json.RootElement.GetProperty("servers").EnumerateArray().Where(s => s.GetProperty("id").GetString() == id).Select(s => (JsonElement?)s.Clone()).FirstOrDefault();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"{what} did not happen within {timeout}: last {last}");
    }

    private async Task<JsonElement> ServerStateAsync(string id, Func<JsonElement, bool> done, string what) =>
        (await EventuallyAsync(async () => await ServerAsync(id), s => s is { } found && done(found), TimeSpan.FromSeconds(60), what)).GetValueOrDefault();

    private static async Task<IList<string>> ToolsAsync(string url, string key)
    {
        await using var client = await Mcp.ConnectAsync(url, key, CancellationToken.None);
        return [.. (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    private async Task<int> DeploysAsync()
    {
        var history = Directory.Exists(Path.Combine(_data.Path, "local", "workers"))
            ? Directory.EnumerateFiles(Path.Combine(_data.Path, "local", "workers"), "deployment.json", SearchOption.AllDirectories).Count()
            : 0;
        return await Task.FromResult(history);
    }

    [Fact]
    public async Task SignedPushes_Deploy_TheClientCallsTheNewTool_OtherBranchesChangeNothing_ABrokenManifestKeepsTheLastGood()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync();
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());

        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        var server = await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy");
        var url = server.GetProperty("url").GetString()!;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team", "--name", "ci")).Stdout);
        Assert.Equal(["fetch"], await ToolsAsync(url, key));
        var audit = (await _cli.RunAsync("audit", "--org", "acme")).Stdout;
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(audit, @"github:octocat\s+server\.create\s+acme\s+acme/tools/team"), audit);

        // A new tool, pushed to the default branch: the client calls it.
        _work.Write("team/mcp.yaml", Manifest("team", "docs"));
        var second = CommitAndPush("docs tool");
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(second));
        await EventuallyAsync(async () => await ToolsAsync(url, key), t => t.Contains("docs_fetch"), TimeSpan.FromSeconds(60), "the new tool");
        await using (var client = await Mcp.ConnectAsync(url, key, CancellationToken.None))
        {
            var page = await client.CallToolAsync("docs_fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() });
            Assert.Contains("Install guide", string.Concat(page.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
        }

        // Another branch: nothing at all.
        _work.Write("team/mcp.yaml", Manifest("team", "docs", "more"));
        var feature = CommitAndPush("feature work", "feature");
        Assert.NotEqual(HttpStatusCode.Unauthorized, await PushedAsync(feature, "feature"));
        await Task.Delay(1500);
        Assert.Equal(["docs_fetch", "fetch"], await ToolsAsync(url, key));

        // A broken manifest on the default branch: nothing deployed, the previous Worker answers, the reason is kept.
        using (var repo = new LibGit2Sharp.Repository(_work.Path))
        {
            LibGit2Sharp.Commands.Checkout(repo, "main");
        }

        _work.Write("team/mcp.yaml", Manifest("team", "docs").Replace("use: fetch", "use: fetchh", StringComparison.Ordinal));
        var broken = CommitAndPush("typo");
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(broken));
        var stalled = await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "stalled", "the broken manifest's stall");
        Assert.Contains("MCP104", stalled.ToString(), StringComparison.Ordinal);
        Assert.Equal(["docs_fetch", "fetch"], await ToolsAsync(url, key));

        // Operations: ready (store and platform), and the counters of what happened.
        using (var ready = await Http.GetAsync(new Uri(_host, "readyz")))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var metrics = await Http.GetStringAsync(new Uri(_host, "metrics"));
        Assert.Matches(@"mcpsaas_reconciles_total\{mode=""apply"",result=""ok""\} [1-9]", metrics);
        Assert.Matches(@"mcpsaas_webhook_deliveries_total\{status=""202""\} [4-9]", metrics);
        Assert.Contains("mcpsaas_jobs_pending", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullRequests_ArePlannedOnly_EvenFromForks_NothingDeployed()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync();
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy");
        var deploys = await DeploysAsync();

        _work.Write("new/mcp.yaml", Manifest("newcomer"));
        _work.Commit("a new server");
        var head = _repository.SetPullRequestHead(7, _work.Path, "main");
        Assert.Equal(HttpStatusCode.Accepted, await DeliverAsync("pull_request", $$"""
            { "action": "opened", "number": 7,
              "pull_request": { "number": 7, "head": { "sha": "{{head}}", "ref": "main", "repo": { "id": 5551, "full_name": "someone/tools", "name": "tools", "owner": { "login": "someone" } } },
                                "base": { "ref": "main", "repo": {{RepositoryJson()}} } },
              "repository": {{RepositoryJson()}}, "installation": { "id": {{InstallationId}} } }
            """));

        using var store = McpSaas.Reconciler.State.Sqlite.SqliteStateStore.ForDataDirectory(_data.Path, TimeProvider.System);
        var job = await EventuallyAsync(
            async () => (await store.ListJobsAsync(null, 50, CancellationToken.None)).FirstOrDefault(j => j.Kind == McpSaas.Reconciler.Jobs.JobKind.Plan && j.ResultJson is not null),
            _ => true, TimeSpan.FromSeconds(60), "the pull request's plan");
        Assert.True(job.FromFork);
        Assert.Contains("acme/tools/newcomer", job.ResultJson, StringComparison.Ordinal);
        Assert.Contains("\"action\": \"create\"", job.ResultJson, StringComparison.Ordinal);
        Assert.Equal(deploys, await DeploysAsync());
        Assert.Null(await ServerAsync("acme/tools/newcomer"));
    }

    [Fact]
    public async Task Rename_KeepsUrlAndKey_Suspend_RefusesCalls_Unsuspend_ServesAgain_PeriodicRunRestoresATamperedWorker()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync(reconcileInterval: TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        var server = await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy");
        var url = server.GetProperty("url").GetString()!;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team")).Stdout);

        // Renamed on GitHub: same servers, URL and key, under the new name.
        _repository = _github.RenameRepository(_repository, "toolbox");
        Assert.Equal(HttpStatusCode.Accepted, await DeliverAsync("repository", $$"""
            { "action": "renamed", "changes": { "repository": { "name": { "from": "tools" } } },
              "repository": {{RepositoryJson("toolbox")}}, "installation": { "id": {{InstallationId}} } }
            """));
        var renamed = await ServerStateAsync("acme/toolbox/team", s => s.GetProperty("state").GetString() == "ready", "the rename");
        Assert.Equal(url, renamed.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, await Mcp.InitializeStatusAsync(url, key));
        _work.Write("team/mcp.yaml", Manifest("team", "docs"));
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(CommitAndPush("after the rename"), repositoryName: "toolbox"));
        await EventuallyAsync(async () => await ToolsAsync(url, key), t => t.Contains("docs_fetch"), TimeSpan.FromSeconds(60), "a deploy after the rename");

        // Suspended: every MCP request answers that the server is suspended; unsuspended: it serves again.
        _github.Installation(InstallationId)!.Suspended = true;
        Assert.Equal(HttpStatusCode.Accepted, await InstallationActionAsync("suspend"));
        await EventuallyAsync(async () => await ToolsErrorAsync(url, key), e => e?.Contains("suspended", StringComparison.OrdinalIgnoreCase) == true, TimeSpan.FromSeconds(60), "the suspension");
        _github.Installation(InstallationId)!.Suspended = false;
        Assert.Equal(HttpStatusCode.Accepted, await InstallationActionAsync("unsuspend"));
        await EventuallyAsync(async () => await ToolsErrorAsync(url, key) ?? "served", e => e == "served", TimeSpan.FromSeconds(60), "the unsuspension");

        // Changed behind McpSaas's back: the periodic run (every 3 s here) sets it back.
        var mains = Directory.EnumerateFiles(Path.Combine(_data.Path, "local", "workers"), "main.mjs", SearchOption.AllDirectories).ToList();
        var main = Assert.Single(mains, m => !Path.GetFileName(Path.GetDirectoryName(m)!).StartsWith('.'));
        var original = await File.ReadAllTextAsync(main);
        await File.AppendAllTextAsync(main, "\n// edited by hand\n");
        await EventuallyAsync(async () => File.Exists(main) ? await File.ReadAllTextAsync(main) : null, text => text == original, TimeSpan.FromSeconds(60), "the drift restore");
        Assert.Equal(["docs_fetch", "fetch"], await ToolsAsync(url, key));
    }

    [Fact]
    public async Task SecretSet_WhileServing_DeploysTheServerWaitingForIt_WithinSeconds_NotAtTheNextPeriodicRun()
    {
        _work.Write("gh/mcp.yaml", GitHubToolManifest);
        var first = CommitAndPush("gh server");
        await StartServeAsync(); // the periodic run is an hour away
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        await ServerStateAsync("acme/tools/gh", s => s.GetProperty("state").GetString() == "waiting", "the server waiting for its secret");

        var set = await _cli.RunWithInputAsync(SecretValue, "secrets", "set", "acme", "gh-token");

        Assert.True(set.Exit == 0, set.ToString());
        Assert.Contains("Servers waiting for it are reconciled now by serve (acme/tools)", set.Stdout, StringComparison.Ordinal);
        await ServerStateAsync("acme/tools/gh", s => s.GetProperty("state").GetString() == "ready", "the deploy after secrets set");
    }

    [Fact]
    public async Task Uninstall_SuspendsAtOnce_ReinstallWithinTheGraceRestoresUrlAndKey()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync();
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        var url = (await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy")).GetProperty("url").GetString()!;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team")).Stdout);

        Assert.Equal(HttpStatusCode.Accepted, await InstallationActionAsync("deleted"));
        await EventuallyAsync(async () => await ToolsErrorAsync(url, key), e => e?.Contains("suspended", StringComparison.OrdinalIgnoreCase) == true, TimeSpan.FromSeconds(60), "the suspension at uninstall");

        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        await EventuallyAsync(async () => await ToolsErrorAsync(url, key) ?? "served", e => e == "served", TimeSpan.FromSeconds(60), "the restore at reinstall");
        Assert.Equal(["fetch"], await ToolsAsync(url, key));
    }

    [Fact]
    public async Task Uninstall_OnceTheGracePasses_DeletesTheWorkers()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync(uninstallGrace: TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        var url = (await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the first deploy")).GetProperty("url").GetString()!;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team")).Stdout);

        Assert.Equal(HttpStatusCode.Accepted, await InstallationActionAsync("deleted"));
        await EventuallyAsync(async () => await ServerAsync("acme/tools/team") is null ? "gone" : null, g => g == "gone", TimeSpan.FromSeconds(60), "the deletion after the grace");

        Assert.Equal(HttpStatusCode.NotFound, await Mcp.InitializeStatusAsync(url, key));
        Assert.Contains("mcpsaas:uninstall-grace", (await _cli.RunAsync("audit", "--org", "acme")).Stdout, StringComparison.Ordinal);
    }

    /// <summary>The error a tools/list gets, or null when it is served.</summary>
    private static async Task<string?> ToolsErrorAsync(string url, string key)
    {
        try
        {
            await ToolsAsync(url, key);
            return null;
        }
        catch (Exception e) when (e is ModelContextProtocol.McpException or HttpRequestException)
        {
            return e.Message;
        }
    }

    private const string SecretValue = "ghp_e2eSeededSecretValue0123456789abcdEF";

    /// <summary>A server with the github tool, whose token is the org secret <c>gh-token</c>.</summary>
    private const string GitHubToolManifest = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: gh
        spec:
          plan: enterprise
          tools:
            - use: github
              secrets:
                token: gh-token

        """;

    private const string ThreeErrors = """
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: broken
        spec:
          plan: enterprise
          tools:
            - use: slak
            - use: fetch
              with:
                allowedHosts: [docs.example.com]
                maxBytes: -1
          access:
            rateLimitPerMinute: 0

        """;

    private Task<HttpStatusCode> PullRequestAsync(string action, int number, string head) => DeliverAsync("pull_request", $$"""
        { "action": "{{action}}", "number": {{number}},
          "pull_request": { "number": {{number}}, "head": { "sha": "{{head}}", "ref": "feature", "repo": {{RepositoryJson()}} },
                            "base": { "ref": "main", "repo": {{RepositoryJson()}} } },
          "repository": {{RepositoryJson()}}, "installation": { "id": {{InstallationId}} } }
        """);

    private static Task<FakeCheckRun> CompletedCheckRunAsync(FakeGitHub github, string sha) =>
        EventuallyAsync(() => Task.FromResult(github.CheckRuns.FirstOrDefault(r => r.HeadSha == sha && r.Status == "completed")), _ => true, TimeSpan.FromSeconds(60), $"the check run of {sha[..7]}");

    [Fact]
    public async Task PullRequests_GetOneCheckRunPerCommit_AnnotatedWhereValidateSays_AndOneStickyComment_NoSecretReachesGitHub()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        _work.Write("gh/mcp.yaml", GitHubToolManifest);
        var first = CommitAndPush("team and gh servers");
        await StartServeAsync();
        Assert.Equal(0, (await _cli.RunWithInputAsync(SecretValue, "secrets", "set", "acme", "gh-token")).Exit);
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        await ServerStateAsync("acme/tools/gh", s => s.GetProperty("state").GetString() == "ready", "the first deploy");
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team", "--name", "ci")).Stdout);

        // The push: its check run, and one status per server.
        Assert.Equal("success", (await CompletedCheckRunAsync(_github, first)).Conclusion);
        await EventuallyAsync(() => Task.FromResult<IReadOnlyList<FakeStatus>?>([.. _github.Statuses.Where(s => s.Sha == first)]),
            s => s.Select(x => (x.Context, x.State)).Order().SequenceEqual([("mcpsaas/gh", "success"), ("mcpsaas/team", "success")]), TimeSpan.FromSeconds(60), "the statuses");
        var deploys = await DeploysAsync();

        // A pull request: the team server gains a tool, a new manifest has three errors.
        _work.Write("team/mcp.yaml", Manifest("team", "docs"));
        _work.Write("broken/mcp.yaml", ThreeErrors);
        _work.Commit("pull request work");
        var head = _repository.SetPullRequestHead(7, _work.Path, "main");
        Assert.Equal(HttpStatusCode.Accepted, await PullRequestAsync("opened", 7, head));

        var run = await CompletedCheckRunAsync(_github, head);
        Assert.Equal(("McpSaas", "failure"), (run.Name, run.Conclusion));
        var validate = await _cli.RunAsync("validate", _work.Path, "--json");
        Assert.Equal(1, validate.Exit);
        using (var json = JsonDocument.Parse(validate.Stdout))
        {
            var expected = json.RootElement.GetProperty("diagnostics").EnumerateArray()
                .Select(d => (d.GetProperty("path").GetString(), d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32(), d.GetProperty("code").GetString())).ToList();
            Assert.Equal(3, expected.Count);
            Assert.Equal(expected, run.Annotations.Select(a => ((string?)a.Path, a.StartLine, a.StartColumn ?? 0, a.Title)));
        }

        var comment = await EventuallyAsync(() => Task.FromResult(_github.Comments.SingleOrDefault()), _ => true, TimeSpan.FromSeconds(60), "the plan comment");
        Assert.StartsWith("<!-- mcpsaas:plan -->", comment.Body, StringComparison.Ordinal);
        Assert.Contains("| ➕ | `docs_fetch` |", comment.Body, StringComparison.Ordinal);

        // A second push to the pull request: its head gets its own check run, the same comment is updated.
        _work.Write("team/mcp.yaml", Manifest("team", "docs", "more"));
        _work.Commit("more pull request work");
        var second = _repository.SetPullRequestHead(7, _work.Path, "main");
        Assert.Equal(HttpStatusCode.Accepted, await PullRequestAsync("synchronize", 7, second));
        await CompletedCheckRunAsync(_github, second);
        var edited = await EventuallyAsync(() => Task.FromResult(_github.Comments.SingleOrDefault()), c => c.Edits >= 1 && c.Body.Contains(second[..7], StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the comment's update");
        Assert.Equal(comment.Id, edited.Id);
        Assert.Single(_github.Comments);
        Assert.Single(_github.CheckRuns, r => r.HeadSha == head);
        Assert.Single(_github.CheckRuns, r => r.HeadSha == second);
        Assert.Equal(deploys, await DeploysAsync());
        Assert.Null(await ServerAsync("acme/tools/broken"));

        // Nothing secret ever went to GitHub: not the secret, the API key, the installation tokens, the webhook secret or the App's key.
        string[] seeded = [SecretValue, key, Secret, _github.PrivateKeyPem.Split('\n')[1], .. _github.IssuedTokens.Select(t => t.Token)];
        Assert.True(_github.IssuedTokens.Count > 0);
        foreach (var call in _github.Calls)
        {
            var text = string.Join("\n", call.Path, call.Query, call.Body ?? "", string.Join("\n", call.Headers.Select(h => $"{h.Key}: {h.Value}")));
            Assert.All(seeded, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GitHubDown_DuringAnApply_TheApplyCompletes_AndTheReportsArePostedOnceItIsBack()
    {
        _work.Write("team/mcp.yaml", Manifest("team"));
        var first = CommitAndPush("team server");
        await StartServeAsync();
        Assert.Equal(HttpStatusCode.Accepted, await InstalledAsync());
        _github.ReportingDown = true;

        Assert.Equal(HttpStatusCode.Accepted, await PushedAsync(first));
        var server = await ServerStateAsync("acme/tools/team", s => s.GetProperty("state").GetString() == "ready", "the deploy while GitHub is down");
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", "acme/tools/team", "--name", "ci")).Stdout);
        Assert.Equal(["fetch"], await ToolsAsync(server.GetProperty("url").GetString()!, key));
        await EventuallyAsync(() => Task.FromResult<int?>(_github.Calls.Count(c => c.Status == 503)), n => n >= 2, TimeSpan.FromSeconds(30), "retries while GitHub is down");
        Assert.Empty(_github.CheckRuns);
        Assert.Matches(@"mcpsaas_reports_pending [1-9]", await Http.GetStringAsync(new Uri(_host, "metrics")));

        _github.ReportingDown = false;
        Assert.Equal("success", (await CompletedCheckRunAsync(_github, first)).Conclusion);
        var status = await EventuallyAsync(() => Task.FromResult(_github.Statuses.SingleOrDefault()), _ => true, TimeSpan.FromSeconds(30), "the status");
        Assert.Equal(("mcpsaas/team", "success", first), (status.Context, status.State, status.Sha));
        Assert.Single(_github.CheckRuns);
    }
}
