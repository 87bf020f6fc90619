using System.Net;
using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Secrets;
using McpSaas.Schema.Collections;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Platforms;

/// <summary>The local platform against the real workerd, with a small stand-in runtime module that echoes its bindings.</summary>
public sealed class LocalWorkerdPlatformTests : IAsyncLifetime
{
    private const string EchoRuntime = """
        export class McpSession { async fetch() { return new Response("session"); } }
        export class McpLimiter {
          constructor(state) { this.state = state; }
          async fetch() { const n = ((await this.state.storage.get("n")) ?? 0) + 1; await this.state.storage.put("n", n); return new Response(String(n)); }
        }
        export function createWorker(tools) {
          return {
            async fetch(request, env) {
              const url = new URL(request.url);
              if (url.pathname === "/count") return env.MCP_LIMITER.get(env.MCP_LIMITER.idFromName("one")).fetch(request);
              return Response.json({
                path: url.pathname,
                prefix: request.headers.get("x-forwarded-prefix"),
                tools: tools.map((t) => t.id),
                config: env.MCP_CONFIG,
                keys: env.MCP_KEY_HASHES,
                botToken: env.MCP_SECRET_SLACK_BOTTOKEN ?? null,
                usageToken: env.MCP_USAGE_TOKEN,
              });
            },
          };
        }
        """;

    private readonly TempDir _data = new("mcpsaas-local");
    private readonly Dictionary<string, string> _secretValues = new(StringComparer.Ordinal) { ["MCP_USAGE_TOKEN"] = "token-for-local/examples/team" };
    private readonly FakeDesireInputs _inputs = new();
    private readonly int _port = Workerd.FreePort();
    private LocalWorkerdPlatform _platform = null!;
    private static readonly HttpClient Http = new();

    public Task InitializeAsync()
    {
        _platform = NewPlatform();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _platform.StopAsync(CancellationToken.None);
        _data.Dispose();
    }

    private LocalWorkerdPlatform NewPlatform() => new(
        new LocalPlatformOptions { DataDirectory = _data.Path, WorkerdPath = Workerd.Binary(), Port = _port },
        new SecretsKeySource(_data.Path, null),
        TimeProvider.System);

    /// <summary>Deploys with the values of every secret binding (as the apply step resolves them).</summary>
    private Task<DeployReceipt> DeployAsync(LocalWorkerdPlatform platform, DesiredWorker worker) =>
        platform.DeployAsync(new WorkerDeployment(worker, worker.Bindings.OfType<SecretTextBinding>()
            .ToDictionary(b => b.Name, b => new SecretValue(_secretValues[b.Name]), StringComparer.Ordinal)), CancellationToken.None);

    private Task<DeployReceipt> DeployAsync(DesiredWorker worker) => DeployAsync(_platform, worker);

    private DesiredWorker Desire(params ToolUse[] tools) => Desire("team", EchoRuntime, tools);

    private DesiredWorker Desire(string name, string runtimeModule, params ToolUse[] tools)
    {
        var runtime = new RuntimeBundle(
            WorkerModule.Create("runtime.mjs", runtimeModule),
            ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"export default {{ id: \"{t.Id}\" }};\n")));
        var state = new DesiredStateBuilder(runtime).Build(Fixtures.LocalOrg(), Fixtures.Repo(),
            [File($"{name}/mcp.yaml", Server(name, PlanTier.Free, tools))], new EndpointInputs(_inputs, _platform));
        return Assert.Single(state.Workers);
    }

    /// <summary>
    /// A GET through the router; like any client, it retries once on a broken connection (handovers reset none: see
    /// <see cref="Restarts_ForChanges_NeverStopsServing_NoConnectionIsReset"/>).
    /// </summary>
    private async Task<JsonElement> GetJsonAsync(string path)
    {
        HttpResponseMessage response;
        try
        {
            response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"));
        }
        catch (HttpRequestException)
        {
            await Task.Delay(50);
            response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"));
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }

    [Fact]
    public async Task Deploy_ThenCommit_ServesTheWorkerBehindTheRouter_WithPrefixAndSecrets()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        _secretValues["MCP_SECRET_SLACK_BOTTOKEN"] = "xoxb-test-value";
        var worker = Desire(Slack(), Fetch("example.com"));

        await DeployAsync(worker);
        await _platform.CommitAsync(CancellationToken.None);

        var echo = await GetJsonAsync("/local/examples/team/mcp");
        Assert.Equal("/mcp", echo.GetProperty("path").GetString());
        Assert.Equal("/local/examples/team", echo.GetProperty("prefix").GetString());
        Assert.Equal(["slack", "fetch"], echo.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("xoxb-test-value", echo.GetProperty("botToken").GetString());
        Assert.Equal("token-for-local/examples/team", echo.GetProperty("usageToken").GetString());
        Assert.Equal("local/examples/team", echo.GetProperty("config").GetProperty("serverId").GetString());
        Assert.Equal(JsonValueKind.Array, echo.GetProperty("keys").ValueKind);
        Assert.Equal($"http://127.0.0.1:{_port}/local/examples/team", worker.Summary.UsageUrl.Length > 0 ? _platform.Endpoint(worker.Identity, worker.ScriptName).BaseUrl : "");

        // Secret values are never written to disk.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_data.Path, "local"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sqlite", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("xoxb-test-value", await System.IO.File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_AfterARestartOfMcpSaas_ReportsWhatIsDeployed_AndANewEtagWhenFilesChange()
    {
        var worker = Desire(Fetch("example.com"));
        await DeployAsync(worker);

        var again = NewPlatform(); // a new McpSaas process on the same data folder
        var observed = Assert.Single(await again.ListAsync(CancellationToken.None));
        Assert.Equal(worker.ScriptName, observed.ScriptName);
        Assert.Equal(worker.ContentHash, observed.Ownership!.ContentHash);
        Assert.Equal(worker.ContentHash, observed.Etag);

        await System.IO.File.AppendAllTextAsync(Path.Combine(_data.Path, "local", "workers", worker.ScriptName, "runtime.mjs"), "\n// edited by hand\n");
        Assert.NotEqual(worker.ContentHash, Assert.Single(await again.ListAsync(CancellationToken.None)).Etag);
    }

    [Fact]
    public async Task Deploy_IsIdempotent_AndCommitRestartsOnlyOnChange()
    {
        var worker = Desire(Fetch("example.com"));
        await DeployAsync(worker);
        await DeployAsync(worker);
        await _platform.CommitAsync(CancellationToken.None);
        var first = _platform.Status()!;
        Assert.Equal("1", await (await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/count"))).Content.ReadAsStringAsync());

        await _platform.CommitAsync(CancellationToken.None);
        Assert.Equal(first.Pid, _platform.Status()!.Pid);

        var changed = Desire(Fetch("example.com", "example.org"));
        await DeployAsync(changed);
        await _platform.CommitAsync(CancellationToken.None);

        Assert.NotEqual(first.Pid, _platform.Status()!.Pid);
        Assert.Single(await _platform.ListAsync(CancellationToken.None));
        // Durable Object storage survives the restart (the usage outbox relies on it).
        Assert.Equal("2", await (await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/count"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_RemovesTheWorker_AndItsRoute()
    {
        var worker = Desire(Fetch("example.com"));
        await DeployAsync(worker);
        await _platform.CommitAsync(CancellationToken.None);
        var observed = Assert.Single(await _platform.ListAsync(CancellationToken.None));

        await _platform.DeleteAsync(observed, CancellationToken.None);
        await _platform.DeleteAsync(observed, CancellationToken.None); // already gone: fine
        await _platform.CommitAsync(CancellationToken.None);

        Assert.Empty(await _platform.ListAsync(CancellationToken.None));
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/mcp"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Restart_NeedsNothingFromTheSecretStore_TheValuesDeployedAreKept()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        _secretValues["MCP_SECRET_SLACK_BOTTOKEN"] = "xoxb-kept-value";
        await DeployAsync(Desire(Slack()));
        await _platform.CommitAsync(CancellationToken.None);
        await _platform.StopAsync(CancellationToken.None);
        _secretValues.Clear(); // the secret store is gone (or the secret was removed): a restart must not need it

        var again = NewPlatform();
        Assert.Empty((await again.CommitAsync(CancellationToken.None)).Failed);

        Assert.Equal("xoxb-kept-value", (await GetJsonAsync("/local/examples/team/mcp")).GetProperty("botToken").GetString());
        var sealedFile = Path.Combine(_data.Path, "local", "workers", Desire(Slack()).ScriptName, "secrets.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(sealedFile));
        }

        Assert.DoesNotContain("xoxb-kept-value", await System.IO.File.ReadAllTextAsync(sealedFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewVersionThatDoesNotStart_IsRolledBack_AndThePreviousOneKeepsServing()
    {
        var good = Desire(Fetch("example.com"));
        var other = Desire("other", EchoRuntime, Fetch("example.com"));
        await DeployAsync(good);
        await DeployAsync(other);
        await _platform.CommitAsync(CancellationToken.None);

        var pid = _platform.Status()!.Pid;
        var broken = Desire("team", EchoRuntime + "\nexport const = ;\n", Fetch("example.com", "example.org"));
        await DeployAsync(broken);
        var commit = await _platform.CommitAsync(CancellationToken.None);

        Assert.Equal(pid, _platform.Status()!.Pid); // the serving runtime was never stopped
        var failure = Assert.Single(commit.Failed);
        Assert.Equal(good.ScriptName, failure.Key);
        Assert.Contains("rolled back", failure.Value.Message, StringComparison.Ordinal);
        var listed = (await _platform.ListAsync(CancellationToken.None)).Single(w => w.ScriptName == good.ScriptName);
        Assert.Equal(good.ContentHash, listed.Etag);
        Assert.Equal("local/examples/team", (await GetJsonAsync("/local/examples/team/mcp")).GetProperty("config").GetProperty("serverId").GetString());
        Assert.Equal("local/examples/other", (await GetJsonAsync("/local/examples/other/mcp")).GetProperty("config").GetProperty("serverId").GetString());
    }

    [Fact]
    public async Task SeveralChanges_OneThatDoesNotStart_OnlyThatOneIsRolledBack()
    {
        await DeployAsync(Desire(Fetch("example.com")));
        await DeployAsync(Desire("other", EchoRuntime, Fetch("example.com")));
        await _platform.CommitAsync(CancellationToken.None);

        var broken = Desire("team", EchoRuntime + "\nexport const = ;\n", Fetch("example.com", "example.org"));
        var fine = Desire("other", EchoRuntime + "\n// v2\n", Fetch("example.com", "example.org"));
        await DeployAsync(broken);
        await DeployAsync(fine);
        var commit = await _platform.CommitAsync(CancellationToken.None);

        Assert.Equal([broken.ScriptName], commit.Failed.Keys);
        var listed = (await _platform.ListAsync(CancellationToken.None)).ToDictionary(w => w.ScriptName);
        Assert.Equal(fine.ContentHash, listed[fine.ScriptName].Etag);
        Assert.NotEqual(broken.ContentHash, listed[broken.ScriptName].Etag);
        Assert.Equal(2, (await GetJsonAsync("/local/examples/other/mcp")).GetProperty("config").GetProperty("tools")[0].GetProperty("with").GetProperty("allowedHosts").GetArrayLength());
    }

    [Fact]
    public async Task Restarts_ForChanges_NeverStopsServing_NoConnectionIsReset()
    {
        await DeployAsync(Desire(Fetch("example.com")));
        await _platform.CommitAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var resets = 0;
        var answered = 0;

        // Clients that open a new connection for every request (as many MCP clients do): each one may land in either
        // process's accept queue while both listen on the port.
        using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
        var loads = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_port}/local/examples/team/mcp"));
                    request.Headers.ConnectionClose = true;
                    using var response = await fresh.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref answered);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref resets);
                }
            }
        })).ToList();

        var pids = new List<int> { _platform.Status()!.Pid };
        string[] hosts = ["example.org", "example.net", "example.edu"];
        for (var i = 0; i < hosts.Length; i++)
        {
            await DeployAsync(Desire(Fetch(["example.com", .. hosts[..(i + 1)]])));
            await _platform.CommitAsync(CancellationToken.None);
            pids.Add(_platform.Status()!.Pid);
        }

        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(loads);

        Assert.Equal(pids.Count, pids.Distinct().Count());
        Assert.All(pids[..^1], pid => Assert.False(WorkerdProcess.IsAlive(pid)));
        Assert.True(answered > 40, $"only {answered} answers");
        Assert.Equal(0, failures);
        Assert.True(resets == 0, $"{resets} of {answered + resets} connections reset during {hosts.Length} handovers");
        Assert.Equal(4, (await GetJsonAsync("/local/examples/team/mcp")).GetProperty("config").GetProperty("tools")[0].GetProperty("with").GetProperty("allowedHosts").GetArrayLength());
    }

    [Fact]
    public async Task StoppedRuntime_IsStartedAgainByACommit_EvenWithNothingChanged()
    {
        await DeployAsync(Desire(Fetch("example.com")));
        await _platform.CommitAsync(CancellationToken.None);
        await _platform.StopAsync(CancellationToken.None);

        Assert.Empty((await NewPlatform().CommitAsync(CancellationToken.None)).Failed);

        Assert.NotNull(_platform.Status());
        Assert.Equal("local/examples/team", (await GetJsonAsync("/local/examples/team/mcp")).GetProperty("config").GetProperty("serverId").GetString());
    }

    [Fact]
    public async Task DamagedDeploymentRecord_HurtsOnlyItsOwnServer()
    {
        var team = Desire(Fetch("example.com"));
        var other = Desire("other", EchoRuntime, Fetch("example.com"));
        await DeployAsync(team);
        await DeployAsync(other);
        await System.IO.File.WriteAllTextAsync(Path.Combine(_data.Path, "local", "workers", team.ScriptName, "deployment.json"), "{ not json");

        var listed = await _platform.ListAsync(CancellationToken.None);
        Assert.Empty((await _platform.CommitAsync(CancellationToken.None)).Failed);

        Assert.Equal([other.ScriptName], listed.Select(w => w.ScriptName));
        Assert.Equal("local/examples/other", (await GetJsonAsync("/local/examples/other/mcp")).GetProperty("config").GetProperty("serverId").GetString());
    }

    [Fact]
    public async Task Rebind_ChangesKeyHashesAndASecret_KeepingTheOtherValues()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        _secretValues["MCP_SECRET_SLACK_BOTTOKEN"] = "xoxb-first";
        var worker = Desire(Slack());
        await DeployAsync(worker);
        await _platform.CommitAsync(CancellationToken.None);

        var hashes = $"[\"{new string('a', 64)}\"]";
        var binding = new SecretTextBinding("MCP_SECRET_SLACK_BOTTOKEN", new StoredSecret("slack-bot", 2));
        var receipt = await _platform.RebindAsync(new WorkerRebind(worker.ScriptName, worker.Ownership with { ContentHash = "next" },
            ValueArray.Create(new JsonBinding("MCP_KEY_HASHES", hashes)), [new ReboundSecret(binding, new SecretValue("xoxb-second"))]), CancellationToken.None);
        Assert.Empty((await _platform.CommitAsync(CancellationToken.None)).Failed);

        var echo = await GetJsonAsync("/local/examples/team/mcp");
        Assert.Equal("xoxb-second", echo.GetProperty("botToken").GetString());
        Assert.Equal("token-for-local/examples/team", echo.GetProperty("usageToken").GetString());
        Assert.Equal(new string('a', 64), echo.GetProperty("keys")[0].GetString());
        Assert.Equal(receipt.Etag, Assert.Single(await _platform.ListAsync(CancellationToken.None)).Etag);
    }

    [Fact]
    public async Task Stop_EndsWorkerd()
    {
        await DeployAsync(Desire(Fetch("example.com")));
        await _platform.CommitAsync(CancellationToken.None);
        var pid = _platform.Status()!.Pid;

        Assert.True(await _platform.StopAsync(CancellationToken.None));

        Assert.Null(_platform.Status());
        Assert.False(WorkerdProcess.IsAlive(pid));
        Assert.False(await _platform.StopAsync(CancellationToken.None));
    }

    [Fact]
    public void Config_HasNoSecretValues_AndPublicOnlyOutboundByDefault()
    {
        var record = new LocalDeployment
        {
            ScriptName = "s",
            Ownership = new Ownership("local", "local:a/b/c", "a/b/c", "h"),
            Route = "/a/b/c",
            CompatibilityDate = "2026-11-01",
            CompatibilityFlags = ["nodejs_compat"],
            Modules = [new LocalModule("main.mjs", "x")],
            Bindings = [new SecretTextBinding("MCP_SECRET_SLACK_BOTTOKEN", new StoredSecret("slack-bot", 3))],
        };

        var config = WorkerdConfigRenderer.Render([record], 8790, "127.0.0.1:8791", ["public"], "/tmp/do");

        Assert.Contains("allow = [\"public\"]", config.Capnp, StringComparison.Ordinal);
        Assert.Contains("fromEnvironment", config.Capnp, StringComparison.Ordinal);
        Assert.Contains("(name = \"USAGE\", service = \"mcpsaas-usage\")", config.Capnp, StringComparison.Ordinal);
        Assert.Single(config.SecretEnvironment);
    }

    /// <summary>Desire inputs whose endpoint comes from the platform under test.</summary>
    private sealed class EndpointInputs(FakeDesireInputs inner, LocalWorkerdPlatform platform) : IDesireInputs
    {
        public int? SecretVersion(string org, string repo, string reference) => inner.SecretVersion(org, repo, reference);

        public IReadOnlyList<NamedKeyHash> Keys(ServerId server) => inner.Keys(server);

        public int UsageTokenVersion(ServerId server) => inner.UsageTokenVersion(server);

        public EndpointProfile Endpoint(McpSaas.Reconciler.Identity.ServerIdentity identity, string scriptName) => platform.Endpoint(identity, scriptName);
    }
}
