using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Testing.Fakes.Cloudflare;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>
/// `--target cloudflare` against the fake Cloudflare API: a data folder, a git repository, the CLI configured with the
/// fake's account, token and URL, and (when Workers run) McpSaas's web host on loopback as the public base URL, so the
/// uploaded Workers report usage to its <c>/api/usage</c>. Every CLI run is kept, to check what was printed.
/// </summary>
internal sealed class CloudflareTarget : IAsyncDisposable
{
    private readonly List<CliRun> _runs = [];

    private CloudflareTarget(FakeCloudflareApi fake, TempDir data, WebApplication? host, CapturingLoggerProvider hostLogs, string publicBaseUrl)
    {
        Fake = fake;
        Data = data;
        Host = host;
        HostLogs = hostLogs;
        Cli = new McpSaasCli(data.Path);
        Cli.Environment["MCPSAAS_Cloudflare__AccountId"] = fake.AccountId;
        Cli.Environment["MCPSAAS_Cloudflare__ApiToken"] = fake.ApiToken;
        Cli.Environment["MCPSAAS_Cloudflare__ApiBaseUrl"] = fake.BaseUrl;
        Cli.Environment["MCPSAAS_PublicBaseUrl"] = publicBaseUrl;
    }

    public FakeCloudflareApi Fake { get; }

    public TempDir Data { get; }

    public GitRepo Repo { get; } = new();

    public McpSaasCli Cli { get; }

    public WebApplication? Host { get; }

    public CapturingLoggerProvider HostLogs { get; }

    public string RepoName => Path.GetFileName(Repo.Path);

    public string Source => "file://" + Repo.Path;

    /// <summary>Everything the CLI printed so far, every run.</summary>
    public string Printed => string.Join("\n", _runs.Select(r => r.ToString()));

    public static async Task<CloudflareTarget> StartAsync(bool runWorkers, Action<FakeCloudflareOptions>? fake = null)
    {
        var options = new FakeCloudflareOptions { RunWorkers = runWorkers };
        fake?.Invoke(options);
        var api = await FakeCloudflareApi.StartAsync(options);
        var data = new TempDir("mcpsaas-e2e-cloudflare");
        var logs = new CapturingLoggerProvider();
        WebApplication? host = null;
        var publicBaseUrl = "https://mcpsaas.example";
        if (runWorkers)
        {
            // McpSaas's web host (usage ingest) on loopback, on the same data folder: the Workers' MCP_USAGE_URL points here.
            var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions { DataDirectory = data.Path, Urls = ["http://127.0.0.1:0"] });
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            host = McpSaasHost.Build(builder);
            await host.StartAsync();
            publicBaseUrl = host.Urls.First();
        }

        return new CloudflareTarget(api, data, host, logs, publicBaseUrl);
    }

    public Task<CliRun> ApplyAsync() => RunAsync("apply", "--source", Source, "--target", "cloudflare");

    public Task<CliRun> PlanAsync() => RunAsync("plan", "--source", Source, "--target", "cloudflare");

    public async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await Cli.RunAsync(args);
        _runs.Add(run);
        return run;
    }

    public async Task<CliRun> RunWithInputAsync(string input, params string[] args)
    {
        var run = await Cli.RunWithInputAsync(input, args);
        _runs.Add(run);
        return run;
    }

    /// <summary>A manifest with one server: fetch, and optionally Slack reading <c>slack-bot</c> from the secret store.</summary>
    public static string Manifest(string name, string fetchHost, string? slackApiBaseUrl = null) => $$"""
        apiVersion: mcpsaas.dev/v1
        kind: McpServer
        metadata:
          name: {{name}}
        spec:
          plan: free
          tools:
            - use: fetch
              with:
                allowedHosts: ["{{fetchHost}}"]
        {{(slackApiBaseUrl is null ? "" : $$"""
            - use: slack
              with:
                apiBaseUrl: {{slackApiBaseUrl}}
              secrets:
                botToken: slack-bot
        """)}}
        """;

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Fake.DisposeAsync();
        Repo.Dispose();
        Data.Dispose();
        HostLogs.Dispose();
    }
}
