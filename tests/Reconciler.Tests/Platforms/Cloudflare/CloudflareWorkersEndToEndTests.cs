using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>
/// The real worker runtime (<c>worker-runtime/dist</c>), assembled as the reconciler assembles it, uploaded through the
/// client into the fake, and served by real workerd at <c>https://&lt;script&gt;.&lt;subdomain&gt;.workers.dev</c>: the official
/// C# MCP client lists and calls a tool through the exact bytes uploaded, and usage reaches <c>MCP_USAGE_URL</c> on loopback.
/// </summary>
public sealed class CloudflareWorkersEndToEndTests
{
    private const string Script = "mcp-local-examples-conformance-5e1f0c2d9a";

    [Fact]
    public async Task TheUploadedRuntime_AnswersToolsListAndCall_ThroughTheOfficialClient_AndReportsUsage()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        await using var usage = await UsageStub.StartAsync();
        await using var h = await CloudflareHarness.StartAsync(runWorkers: true);
        var runtime = RuntimeBundle.LoadFrom(Path.Combine(Workerd.RepoRoot(), "worker-runtime"));
        var key = "mcps_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var usageToken = "usage_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        // What the platform does for a new server: observe, upload (secrets kept, not sent), set secrets, enable workers.dev.
        var existing = (await h.Client.ListScriptsAsync(OwnershipTags.OwnerFilter("local"), ct)).SingleOrDefault(s => s.Id == Script);
        var upload = new WorkerUpload
        {
            ScriptName = Script,
            Modules = [UploadModule.From(EntryModule.Render(["conformance"])), UploadModule.From(runtime.Runtime), UploadModule.From(runtime.Tools["conformance"])],
            CompatibilityDate = runtime.CompatibilityDate,
            CompatibilityFlags = runtime.CompatibilityFlags,
            Bindings = Uploads.ContractBindings(Script, "local/examples/conformance", usage.Url, $"[\"{keyHash}\"]", """[{"use":"conformance","as":"conformance","with":{}}]"""),
            Tags = OwnershipTags.Encode("local", "local:local/examples/conformance", new string('a', 64)),
            Migrations = DurableObjectMigrations.For(Script, existing?.MigrationTag),
        };
        var receipt = await h.Client.UploadScriptAsync(upload, ct);
        await h.Client.PatchSecretsAsync(Script, new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = usageToken }, ct);
        await h.Client.EnableWorkersDevAsync(Script, ct);
        var url = await h.Client.GetWorkerUrlAsync(Script, ct);

        Assert.Equal(DurableObjectMigrations.V1, receipt.MigrationTag);
        Assert.Equal(new Uri($"https://{Script}.mcpsaas-fake.workers.dev"), url);
        Assert.Equal(runtime.Runtime.Content, h.Fake.Script(Script)!.Modules.Single(m => m.Name == "runtime.mjs").Text);

        using var http = new HttpClient(h.Fake.CreateWorkersDevHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(url, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }, http);
        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(transport, cancellationToken: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"the uploaded Worker did not answer: {h.Fake.WorkersLog()}", e);
        }

        await using (client)
        {
            var tools = await client.ListToolsAsync(cancellationToken: ct);
            Assert.Contains(tools, t => t.Name == "test_simple_text");

            var result = await client.CallToolAsync("test_simple_text", new Dictionary<string, object?>(), cancellationToken: ct);
            Assert.NotEqual(true, result.IsError);
            Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        }

        // The tool call is reported to MCP_USAGE_URL (loopback) with the usage token set through the secrets endpoint.
        while (!usage.Batches.Any(b => b.Body.Contains("test_simple_text", StringComparison.Ordinal)))
        {
            await Task.Delay(100, ct);
        }

        var batch = usage.Batches.First(b => b.Body.Contains("test_simple_text", StringComparison.Ordinal));
        Assert.Equal($"Bearer {usageToken}", batch.Authorization);
        Assert.Contains("\"serverId\":\"local/examples/conformance\"", batch.Body, StringComparison.Ordinal);

        // The Host header goes through as sent: the edge routes by it (another host reaches no Worker), and the Worker
        // checks Origin against MCP_ALLOWED_HOSTS (DNS-rebinding protection).
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await StatusAsync(http, url, key, host: "evil.example", origin: null, ct));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, await StatusAsync(http, url, key, host: null, origin: "https://evil.example", ct));

        // Secrets travelled only in the secret body; the token only in Authorization headers.
        SecretHygiene.AssertOnlyInSecretBodies(h.Fake.Requests, h.Fake.ApiToken, [usageToken]);
    }

    private static async Task<System.Net.HttpStatusCode> StatusAsync(HttpClient http, Uri url, string key, string? host, string? origin, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task AScriptWithoutWorkersDev_IsNotReachable()
    {
        await using var h = await CloudflareHarness.StartAsync(runWorkers: true);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-hidden"), CancellationToken.None);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-open"), CancellationToken.None);
        await h.Client.EnableWorkersDevAsync("mcp-open", CancellationToken.None);
        using var http = new HttpClient(h.Fake.CreateWorkersDevHandler());

        using var hidden = await http.GetAsync(new Uri("https://mcp-hidden.mcpsaas-fake.workers.dev/"));
        using var open = await http.GetAsync(new Uri("https://mcp-open.mcpsaas-fake.workers.dev/"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, open.StatusCode);
        Assert.Contains("\"tools\":[\"fetch\"]", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("https://example.com/")));
    }

    [Fact]
    public async Task AChange_IsServed_AfterTheNextUpload()
    {
        await using var h = await CloudflareHarness.StartAsync(runWorkers: true);
        await h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), CancellationToken.None);
        await h.Client.EnableWorkersDevAsync("mcp-a", CancellationToken.None);
        using var http = new HttpClient(h.Fake.CreateWorkersDevHandler());
        var before = await http.GetStringAsync(new Uri("https://mcp-a.mcpsaas-fake.workers.dev/"));

        var changed = Uploads.Small("mcp-a", DurableObjectMigrations.V1) with
        {
            Bindings = Uploads.ContractBindings("mcp-a", "local/examples/team", "https://changed.example/api/usage", "[]"),
        };
        await h.Client.UploadScriptAsync(changed, CancellationToken.None);
        await Task.Delay(1100); // pooled connections to the previous workerd expire
        var after = await http.GetStringAsync(new Uri("https://mcp-a.mcpsaas-fake.workers.dev/"));

        Assert.Contains("https://platform.example/api/usage", before, StringComparison.Ordinal);
        Assert.Contains("https://changed.example/api/usage", after, StringComparison.Ordinal);
    }
}
