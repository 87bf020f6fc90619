using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.StatusUi.Tests.Support;

/// <summary>
/// The real web host (<see cref="McpSaasHost"/>, Kestrel on a loopback port) over a fresh data folder, with the
/// reconciler on the in-memory platform and a fake clock (2026-03-14 09:30 UTC). Org <c>acme</c> (plan free, per-contract
/// 5 servers and 100 calls a month) has repository <c>tools</c> reconciled from real manifests: <c>reader</c> (fetch,
/// ready, keys laptop and ci, 95 recorded calls: 85 this month), <c>chat</c> (slack, waiting for secret slack-bot) and
/// <c>notes</c> (notion: premium on plan free, stalled).
/// </summary>
public sealed class SeededUi : IAsyncLifetime
{
    public const string Org = "acme";
    public const string Repo = "tools";
    public const int CallsThisMonth = 85;
    public const int CallsLastMonth = 10;
    public const int CallLimit = 100;

    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDir _data = new("mcpsaas-ui-data");
    private readonly TempDir _repo = new("mcpsaas-ui-repo");
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(Now);

    public InMemoryPlatform Platform { get; } = new("memory");

    public string BaseUrl { get; private set; } = "";

    public string DataDirectory => _data.Path;

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    public ISecretStore Secrets => Services.GetRequiredService<ISecretStore>();

    public IServiceProvider Services => _app!.Services;

    public ServerId Reader { get; } = new(Org, Repo, "reader");

    public ServerId Chat { get; } = new(Org, Repo, "chat");

    public ServerId Notes { get; } = new(Org, Repo, "notes");

    public string Url(string path) => BaseUrl + path;

    public async Task InitializeAsync()
    {
        _repo.Write("reader/mcp.yaml", """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: reader
              description: Reads the docs
            spec:
              plan: free
              tools:
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]
            """);
        _repo.Write("chat/mcp.yaml", """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: chat
            spec:
              plan: free
              tools:
                - use: slack
                  with: { channels: [C0456] }
                  secrets: { botToken: slack-bot }
            """);
        _repo.Write("notes/mcp.yaml", """
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: notes
            spec:
              plan: free
              tools:
                - use: notion
                  secrets: { token: notion-token }
            """);

        var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions
        {
            DataDirectory = _data.Path,
            Urls = ["http://127.0.0.1:0"],
            WorkerRuntimeFolder = Path.Combine(Checkout.Root, "worker-runtime"),
            Platform = services => services.AddInMemoryPlatform(Platform),
        });
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = McpSaasHost.Build(builder);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');

        await Store.SetEntitlementAsync(Org, PlanTier.Free, new PlanLimitOverrides { ServersPerOrg = 5, CallsPerMonth = CallLimit }, CancellationToken.None);
        var reconciler = Services.GetRequiredService<RepoReconciler>();
        var result = await reconciler.ReconcileAsync(new FolderSource(_repo.Path, Repo), new RepoContext(Org, Repo, 101, 202), apply: true, null, CancellationToken.None);
        Assert.True(result.Error is null, result.Error?.Message);
        var keys = Services.GetRequiredService<ApiKeyService>();
        var laptop = await keys.CreateAsync(Reader, "laptop", "test", CancellationToken.None);
        await keys.CreateAsync(Reader, "ci", "test", CancellationToken.None);
        await Services.GetRequiredService<KeyRollout>().ApplyAsync(Reader, CancellationToken.None);

        // 85 calls this month (Mar 1..14), 10 in the last days of February: 95 in the 30-day window.
        var events = new List<UsageEvent>();
        for (var i = 0; i < CallsThisMonth; i++)
        {
            events.Add(Call(Reader, i % 5 == 0 ? "fetch_raw" : "fetch", i % 3 == 0 ? null : laptop.Record!.KeyId, Now.AddDays(-(i % 14)).AddMinutes(-i), ok: i % 17 != 0));
        }

        for (var i = 0; i < CallsLastMonth; i++)
        {
            events.Add(Call(Reader, "fetch", laptop.Record!.KeyId, new DateTimeOffset(2026, 2, 20 + (i % 8), 12, 0, 0, TimeSpan.Zero)));
        }

        await Store.RecordUsageAsync(Org, events, CancellationToken.None);
    }

    public static UsageEvent Call(ServerId server, string tool, string? keyId, DateTimeOffset at, bool ok = true) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        ServerId = server,
        Tool = tool,
        KeyId = keyId,
        Ok = ok,
        ErrorKind = ok ? null : "upstream_error",
        DurationMs = 12,
        Timestamp = at,
    };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _repo.Dispose();
        _data.Dispose();
    }
}
