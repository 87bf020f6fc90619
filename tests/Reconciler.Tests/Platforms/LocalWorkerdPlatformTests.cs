using System.Net;
using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms.Local;
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
    private readonly FakeSecretResolver _secrets = new();
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
        _secrets,
        TimeProvider.System);

    private DesiredWorker Desire(params ToolUse[] tools)
    {
        var runtime = new RuntimeBundle(
            WorkerModule.Create("runtime.mjs", EchoRuntime),
            ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"export default {{ id: \"{t.Id}\" }};\n")));
        var state = new DesiredStateBuilder(runtime).Build(Fixtures.LocalOrg(), Fixtures.Repo(),
            [File("team/mcp.yaml", Server("team", PlanTier.Free, tools))], new EndpointInputs(_inputs, _platform));
        return Assert.Single(state.Workers);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Deploy_ThenCommit_ServesTheWorkerBehindTheRouter_WithPrefixAndSecrets()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        _secrets.Values["slack-bot"] = "xoxb-test-value";
        var worker = Desire(Slack(), Fetch("example.com"));

        await _platform.DeployAsync(worker, CancellationToken.None);
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
    public async Task Observe_AfterARestartOfMcpSaas_ReportsWhatIsDeployed_AndDriftWhenFilesChange()
    {
        var worker = Desire(Fetch("example.com"));
        await _platform.DeployAsync(worker, CancellationToken.None);

        var again = NewPlatform(); // a new McpSaas process on the same data folder
        var observed = Assert.Single(await again.ObserveAsync("local", CancellationToken.None));
        Assert.Equal(worker.ScriptName, observed.ScriptName);
        Assert.Equal(worker.ContentHash, observed.Ownership.ContentHash);
        Assert.Equal(worker.ContentHash, observed.ActualHash);
        Assert.False(observed.Drifted);
        Assert.Empty(await again.ObserveAsync("gh:42", CancellationToken.None));

        await System.IO.File.AppendAllTextAsync(Path.Combine(_data.Path, "local", "workers", worker.ScriptName, "runtime.mjs"), "\n// edited by hand\n");
        Assert.True(Assert.Single(await again.ObserveAsync("local", CancellationToken.None)).Drifted);
    }

    [Fact]
    public async Task Deploy_IsIdempotent_AndCommitRestartsOnlyOnChange()
    {
        var worker = Desire(Fetch("example.com"));
        await _platform.DeployAsync(worker, CancellationToken.None);
        await _platform.DeployAsync(worker, CancellationToken.None);
        await _platform.CommitAsync(CancellationToken.None);
        var first = _platform.Status()!;
        Assert.Equal("1", await (await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/count"))).Content.ReadAsStringAsync());

        await _platform.CommitAsync(CancellationToken.None);
        Assert.Equal(first.Pid, _platform.Status()!.Pid);

        var changed = Desire(Fetch("example.com", "example.org"));
        await _platform.DeployAsync(changed, CancellationToken.None);
        await _platform.CommitAsync(CancellationToken.None);

        Assert.NotEqual(first.Pid, _platform.Status()!.Pid);
        Assert.Single(await _platform.ObserveAsync("local", CancellationToken.None));
        // Durable Object storage survives the restart (the usage outbox relies on it).
        Assert.Equal("2", await (await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/count"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_RemovesTheWorker_AndItsRoute()
    {
        var worker = Desire(Fetch("example.com"));
        await _platform.DeployAsync(worker, CancellationToken.None);
        await _platform.CommitAsync(CancellationToken.None);
        var observed = Assert.Single(await _platform.ObserveAsync("local", CancellationToken.None));

        await _platform.DeleteAsync(observed, CancellationToken.None);
        await _platform.DeleteAsync(observed, CancellationToken.None); // already gone: fine
        await _platform.CommitAsync(CancellationToken.None);

        Assert.Empty(await _platform.ObserveAsync("local", CancellationToken.None));
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/local/examples/team/mcp"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stop_EndsWorkerd()
    {
        await _platform.DeployAsync(Desire(Fetch("example.com")), CancellationToken.None);
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
