using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Tests.Support;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;
using McpSaas.Schema.Plans;
using static McpSaas.Reconciler.Tests.Support.Manifests;

namespace McpSaas.Reconciler.Tests.Platforms.Contract;

/// <summary>
/// What every <see cref="IWorkerPlatform"/> does, whatever it runs on: the seam the reconciler relies on. Each platform
/// (local workerd, in memory, Cloudflare on the fake API) runs these same tests through a subclass that says how to
/// start it, how to read the secret values a Worker holds, and how to change a Worker behind McpSaas's back.
/// </summary>
public abstract class WorkerPlatformContract : IAsyncLifetime
{
    /// <summary>A stand-in runtime module: exports the Durable Object classes and echoes the bindings it gets.</summary>
    protected const string EchoRuntime = """
        export class McpSession { async fetch() { return new Response("session"); } }
        export class McpLimiter { async fetch() { return new Response("limiter"); } }
        export function createWorker(tools) {
          return {
            async fetch(request, env) {
              return Response.json({
                tools: tools.map((t) => t.id),
                keys: env.MCP_KEY_HASHES,
                botToken: env.MCP_SECRET_SLACK_BOTTOKEN ?? null,
                usageToken: env.MCP_USAGE_TOKEN ?? null,
              });
            },
          };
        }

        """;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeDesireInputs _inputs = new();

    private static readonly RuntimeBundle Runtime = new(
        WorkerModule.Create("runtime.mjs", EchoRuntime),
        ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"export default {{ id: \"{t.Id}\" }};\n")));

    protected IWorkerPlatform Platform { get; private set; } = null!;

    /// <summary>A fresh platform with no Worker.</summary>
    protected abstract Task<IWorkerPlatform> StartAsync();

    protected abstract Task StopAsync();

    /// <summary>The secret values the Worker holds now, by binding name (after a commit).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> SecretsOfAsync(DesiredWorker worker);

    /// <summary>Changes the deployed Worker the way someone outside McpSaas would (an edit, a deploy from another tool).</summary>
    protected abstract Task ChangeOutsideAsync(string scriptName);

    public async Task InitializeAsync()
    {
        Platform = await StartAsync();
        await Platform.PrepareAsync(None);
    }

    public Task DisposeAsync() => StopAsync();

    [Fact]
    public async Task Deploy_ThenList_ShowsTheWorker_WithTheReceiptsEtag_AndItsOwnership()
    {
        var worker = Desire("team", Fetch("example.com"));

        var receipt = await DeployAsync(worker);
        await Platform.CommitAsync(None);
        var listed = Assert.Single(await ListAsync(worker.ScriptName));

        Assert.NotNull(receipt.Etag);
        Assert.Equal(receipt.Etag, listed.Etag);
        Assert.Equal(Platform.Endpoint(worker.Identity, worker.ScriptName).BaseUrl, receipt.Endpoint);
        Assert.Equal(receipt.Endpoint, listed.Endpoint);
        var ownership = Assert.IsType<Ownership>(listed.Ownership);
        Assert.True(Fixtures.Repo().Owns(ownership));
        Assert.True(ownership.IsServer(worker.Identity.StableKey));
        Assert.False(ownership.IsServer(Fixtures.Repo().Identity("other").StableKey));
        Assert.True(ownership.HasContent(worker.ContentHash));
    }

    [Fact]
    public async Task Deploy_OfTheSameContentTwice_LeavesOneWorker()
    {
        var worker = Desire("team", Fetch("example.com"));

        await DeployAsync(worker);
        var second = await DeployAsync(worker);
        await Platform.CommitAsync(None);

        var listed = Assert.Single(await ListAsync(worker.ScriptName));
        Assert.Equal(second.Etag, listed.Etag);
        Assert.Single(await Platform.ListAsync(None), w => w.Ownership is not null);
    }

    [Fact]
    public async Task Rebind_OfOneSecret_ChangesIt_AndKeepsTheOthers()
    {
        _inputs.Secrets["local/slack-bot"] = 1;
        var worker = Desire("team", Slack());
        await DeployAsync(worker, ("MCP_SECRET_SLACK_BOTTOKEN", "xoxb-first-value"), ("MCP_USAGE_TOKEN", "usage-token-value"));
        await Platform.CommitAsync(None);

        _inputs.Secrets["local/slack-bot"] = 2;
        var next = Desire("team", Slack());
        var binding = next.Bindings.OfType<SecretTextBinding>().Single(b => b.Name == "MCP_SECRET_SLACK_BOTTOKEN");
        var receipt = await Platform.RebindAsync(
            new WorkerRebind(next.ScriptName, next.Ownership, ValueArray<JsonBinding>.Empty, [new ReboundSecret(binding, new SecretValue("xoxb-second-value"))]), None);
        var commit = await Platform.CommitAsync(None);

        Assert.Empty(commit.Failed);
        Assert.Equal(Platform.Endpoint(worker.Identity, worker.ScriptName).BaseUrl, receipt.Endpoint);
        var secrets = await SecretsOfAsync(next);
        Assert.Equal("xoxb-second-value", secrets["MCP_SECRET_SLACK_BOTTOKEN"]);
        Assert.Equal("usage-token-value", secrets["MCP_USAGE_TOKEN"]);
        Assert.True(Assert.Single(await ListAsync(worker.ScriptName)).Ownership!.IsServer(worker.Identity.StableKey));
    }

    [Fact]
    public async Task Delete_RemovesTheWorker_AndDeletingAgainSucceeds()
    {
        var worker = Desire("team", Fetch("example.com"));
        await DeployAsync(worker);
        await Platform.CommitAsync(None);
        var listed = Assert.Single(await ListAsync(worker.ScriptName));

        await Platform.DeleteAsync(listed, None);
        await Platform.CommitAsync(None);
        await Platform.DeleteAsync(listed, None);
        await Platform.CommitAsync(None);

        Assert.Empty(await ListAsync(worker.ScriptName));
    }

    [Fact]
    public async Task AWorkerOfAnotherServer_UnderTheSameName_IsNeitherChangedNorDeleted()
    {
        var mine = Desire("team", Fetch("example.com"));
        var receipt = await DeployAsync(mine);
        await Platform.CommitAsync(None);
        var other = Desire("other", Fetch("example.org")) with { ScriptName = mine.ScriptName };

        var deploy = await Assert.ThrowsAsync<PlatformException>(() => DeployAsync(other));
        var delete = await Assert.ThrowsAsync<PlatformException>(() =>
            Platform.DeleteAsync(new DeployedWorker(mine.ScriptName, other.Ownership, receipt.Etag, null, receipt.Endpoint), None));
        await Platform.CommitAsync(None);

        Assert.Equal(ErrorClass.Stalled, deploy.Class);
        Assert.Equal(ErrorClass.Stalled, delete.Class);
        var listed = Assert.Single(await ListAsync(mine.ScriptName));
        Assert.Equal(receipt.Etag, listed.Etag);
        Assert.True(listed.Ownership!.IsServer(mine.Identity.StableKey));
    }

    [Fact]
    public async Task AChangeMadeOutside_ShowsAsAnotherEtag_AndADeploySetsItBack()
    {
        var worker = Desire("team", Fetch("example.com"));
        var receipt = await DeployAsync(worker);
        await Platform.CommitAsync(None);

        await ChangeOutsideAsync(worker.ScriptName);
        var drifted = Assert.Single(await ListAsync(worker.ScriptName));
        var again = await DeployAsync(worker);
        await Platform.CommitAsync(None);
        var restored = Assert.Single(await ListAsync(worker.ScriptName));

        Assert.NotEqual(receipt.Etag, drifted.Etag);
        Assert.NotNull(again.Etag);
        Assert.Equal(again.Etag, restored.Etag);
        Assert.True(restored.Ownership!.HasContent(worker.ContentHash));
    }

    protected DesiredWorker Desire(string name, params ToolUse[] tools)
    {
        var state = new DesiredStateBuilder(Runtime).Build(Fixtures.LocalOrg(), Fixtures.Repo(),
            [File($"{name}/mcp.yaml", Server(name, PlanTier.Free, tools))], new PlatformInputs(_inputs, Platform));
        return Assert.Single(state.Workers);
    }

    /// <summary>Deploys with a value for every secret binding (given ones, else a made-up one), as the apply step resolves them.</summary>
    protected Task<DeployReceipt> DeployAsync(DesiredWorker worker, params (string Binding, string Value)[] values)
    {
        var given = values.ToDictionary(v => v.Binding, v => v.Value, StringComparer.Ordinal);
        var secrets = worker.Bindings.OfType<SecretTextBinding>().ToDictionary(
            b => b.Name,
            b => new SecretValue(given.TryGetValue(b.Name, out var v) ? v : $"value-of-{b.Name}"),
            StringComparer.Ordinal);
        return Platform.DeployAsync(new WorkerDeployment(worker, secrets), None);
    }

    private async Task<IReadOnlyList<DeployedWorker>> ListAsync(string scriptName) =>
        [.. (await Platform.ListAsync(None)).Where(w => w.ScriptName == scriptName)];

    private sealed class PlatformInputs(FakeDesireInputs inner, IWorkerPlatform platform) : IDesireInputs
    {
        public int? SecretVersion(string org, string repo, string reference) => inner.SecretVersion(org, repo, reference);

        public IReadOnlyList<NamedKeyHash> Keys(ServerId server) => inner.Keys(server);

        public int UsageTokenVersion(ServerId server) => inner.UsageTokenVersion(server);

        public EndpointProfile Endpoint(McpSaas.Reconciler.Identity.ServerIdentity identity, string scriptName) => platform.Endpoint(identity, scriptName);
    }
}
