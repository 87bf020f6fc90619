using System.Net;
using System.Text.Json;
using McpSaas.EndToEnd.Tests.Support;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpSaas.EndToEnd.Tests;

/// <summary>
/// Calls through the deployed Worker reach `usage` exactly once each — even with every batch delivered twice —
/// and a tiny monthly quota refuses calls past it with the upgrade message.
/// </summary>
[Collection(nameof(LocalRuntimeCollection))]
public sealed class UsageTests : IAsyncLifetime
{
    private readonly TempDir _data = new("mcpsaas-e2e-usage");
    private readonly GitRepo _repo = new();
    private StubUpstreams _stubs = null!;
    private McpSaasCli _cli = null!;
    private WebApplication? _host;
    private WebApplication? _proxy;

    public async Task InitializeAsync()
    {
        _stubs = await StubUpstreams.StartAsync();
        _cli = new McpSaasCli(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await _cli.RunAsync("local", "stop");
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _stubs.DisposeAsync();
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task CallsAreCountedOnce_EvenWhenBatchesArriveTwice_AndTheQuotaRefusesPastIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _repo.Write("mcp.yaml", $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: reader
            spec:
              plan: free
              tools:
                - use: fetch
                  with:
                    allowedHosts: ["{{_stubs.HostPort}}"]
            """);
        _repo.Commit("reader");
        var serverId = $"local/{Path.GetFileName(_repo.Path)}/reader";

        // The platform's usage endpoint, behind a proxy that delivers every batch twice.
        await StartIngestBehindDuplicatingProxyAsync();
        var apply = await _cli.RunAsync("apply", "--source", "file://" + _repo.Path);
        Assert.True(apply.Exit == 0, apply.ToString());
        var url = System.Text.RegularExpressions.Regex.Match(apply.Stdout, @"http://127\.0\.0\.1:\d+/\S+/mcp").Value;
        var key = Mcp.KeyIn((await _cli.RunAsync("keys", "create", serverId, "--name", "laptop")).Stdout);
        var keyId = ApiKeys.KeyIdOf(ApiKeys.Hash(key));

        const int calls = 7;
        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            for (var i = 0; i < calls; i++)
            {
                var result = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cts.Token);
                Assert.NotEqual(true, result.IsError);
            }
        }

        await WaitForCallsAsync(serverId, calls, cts.Token);
        // Every batch reached the ingest twice (the counter moves once both deliveries are answered) …
        for (var i = 0; i < 100 && Volatile.Read(ref _duplicated) == 0; i++)
        {
            await Task.Delay(50, cts.Token);
        }

        Assert.True(Volatile.Read(ref _duplicated) > 0, "the proxy never delivered a batch twice");
        // … and each call still counts once.
        var usage = JsonDocument.Parse((await _cli.RunAsync("usage", serverId, "--json")).Stdout).RootElement;
        Assert.Equal(calls, usage.GetProperty("calls").GetInt64());
        var byTool = Assert.Single(usage.GetProperty("byTool").EnumerateArray());
        Assert.Equal("fetch", byTool.GetProperty("tool").GetString());
        Assert.Equal(calls, byTool.GetProperty("calls").GetInt64());
        var byKey = Assert.Single(usage.GetProperty("byKey").EnumerateArray());
        Assert.Equal(keyId, byKey.GetProperty("keyId").GetString());
        Assert.Equal("laptop", byKey.GetProperty("name").GetString());

        // A tiny quota: the next batch's reply carries `exceeded`, and calls past it are refused.
        var plan = await _cli.RunAsync("admin", "plan", "local", "enterprise", "--calls-per-month", $"{calls + 2}");
        Assert.True(plan.Exit == 0, plan.ToString());
        string? refusal = null;
        await using (var client = await Mcp.ConnectAsync(url, key, cts.Token))
        {
            for (var i = 0; i < 60 && refusal is null; i++)
            {
                try
                {
                    var result = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["url"] = new Uri(_stubs.BaseUrl, "docs/page").ToString() }, cancellationToken: cts.Token);
                    if (result.IsError == true)
                    {
                        refusal = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
                    }
                }
                catch (ModelContextProtocol.McpException e)
                {
                    refusal = e.Message;
                }

                await Task.Delay(500, cts.Token);
            }

            // tools/list still works while the quota is exceeded.
            Assert.NotEmpty(await client.ListToolsAsync(cancellationToken: cts.Token));
        }

        Assert.NotNull(refusal);
        Assert.Contains("upgrade", refusal, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"{calls + 2}", refusal.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private int _duplicated;

    private async Task StartIngestBehindDuplicatingProxyAsync()
    {
        // The usage port mcpsaas binds Workers to is chosen by the first command on this data folder.
        Assert.Equal(0, (await _cli.RunAsync("local", "status")).Exit);
        string usagePort;
        using (var store = SqliteStateStore.ForDataDirectory(_data.Path, TimeProvider.System))
        {
            usagePort = (await store.GetSettingAsync("local.usage.port", CancellationToken.None))!;
        }

        var hostBuilder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions { DataDirectory = _data.Path, Urls = ["http://127.0.0.1:0"] });
        hostBuilder.Logging.ClearProviders();
        _host = McpSaasHost.Build(hostBuilder);
        await _host.StartAsync();
        var ingest = new Uri(_host.Urls.First());

        var proxyBuilder = WebApplication.CreateSlimBuilder();
        proxyBuilder.WebHost.UseUrls($"http://127.0.0.1:{usagePort}");
        proxyBuilder.Logging.ClearProviders();
        _proxy = proxyBuilder.Build();
        var http = new HttpClient();
        _proxy.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            HttpResponseMessage? last = null;
            for (var i = 0; i < 2; i++)
            {
                last?.Dispose();
                using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(ingest, context.Request.Path + context.Request.QueryString))
                {
                    Content = new ByteArrayContent(body.ToArray()),
                };
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
                request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
                last = await http.SendAsync(request);
            }

            Interlocked.Increment(ref _duplicated);
            context.Response.StatusCode = (int)last!.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await last.Content.ReadAsStringAsync());
            last.Dispose();
        });
        await _proxy.StartAsync();
    }

    private async Task<JsonElement> WaitForCallsAsync(string serverId, int expected, CancellationToken cancellationToken)
    {
        JsonElement usage = default;
        for (var i = 0; i < 120; i++)
        {
            var run = await _cli.RunAsync("usage", serverId, "--json");
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

        Assert.Fail($"usage never reached {expected} calls: {usage}");
        return usage;
    }
}
