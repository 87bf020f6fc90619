using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Plans;
using McpSaas.Testing.Fakes.GitHub;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.StatusUi.Tests.Support;

/// <summary>
/// The real web host with sign-in configured against the fake GitHub's OAuth server (<c>SignIn:*</c>, as <c>serve</c>
/// has it): orgs <c>acme</c> (installation 101, repository <c>tools</c> with server <c>reader</c>, a secret and a key
/// seeded), <c>globex</c> (102, <c>web/site</c>, its own secret) and <c>newco</c> (103, no manifest yet). People:
/// <c>alice</c> admin of acme, reaches newco as a member and has a personal installation (104); <c>bob</c> member of
/// acme; <c>gina</c> admin of globex; <c>carol</c> reaches nothing. What GitHub says is not cached
/// (<c>SignIn:AccessCacheDuration</c> 0), so a test sees every change at once. Host logs are collected.
/// </summary>
public sealed class SignedInUi : IAsyncLifetime
{
    public const string SeededSecretValue = "xoxb-seeded-acme-secret-0123456789-abcdef";
    public const string SeededGlobexSecretValue = "ghp_seededGlobexSecretValue0123456789abcd";

    private readonly TempDir _data = new("mcpsaas-ui-signin");
    private readonly TempDir _repo = new("mcpsaas-ui-signin-repo");
    private WebApplication? _app;

    public FakeGitHub GitHub { get; private set; } = null!;

    public CollectedLogs Logs { get; } = new();

    public InMemoryPlatform Platform { get; } = new("memory");

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    public ServerId Reader { get; } = new("acme", "tools", "reader");

    public ServerId Site { get; } = new("globex", "web", "site");

    /// <summary>The key seeded on acme's reader (shown once, at creation).</summary>
    public string SeededKey { get; private set; } = "";

    public string Url(string path) => BaseUrl + path;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHub.StartAsync();
        var acme = GitHub.AddInstallation(101, "acme", 5001);
        var globex = GitHub.AddInstallation(102, "globex", 5002);
        var newco = GitHub.AddInstallation(103, "newco", 5003);
        var alice = GitHub.AddUser("alice", 1001, "alice@example.com", "Alice Admin");
        var personal = GitHub.AddInstallation(104, "alice", 1001, "User");
        var bob = GitHub.AddUser("bob", 1002);
        var gina = GitHub.AddUser("gina", 1004);
        GitHub.AddUser("carol", 1003);
        GitHub.Grant(alice, acme);
        GitHub.Grant(alice, newco);
        GitHub.Grant(alice, personal);
        GitHub.SetMembership(alice, "acme", "admin");
        GitHub.SetMembership(alice, "newco", "member");
        GitHub.Grant(bob, acme);
        GitHub.SetMembership(bob, "acme", "member");
        GitHub.Grant(gina, globex);
        GitHub.SetMembership(gina, "globex", "admin");

        string[] args =
        [
            $"--SignIn:ClientId={GitHub.Options.ClientId}",
            $"--SignIn:ClientSecret={GitHub.Options.ClientSecret}",
            $"--SignIn:AppSlug={GitHub.Options.AppSlug}",
            $"--SignIn:WebBaseUrl={GitHub.BaseUrl}",
            $"--SignIn:ApiBaseUrl={GitHub.ApiBaseUrl}",
            "--SignIn:AccessCacheDuration=00:00:00",
        ];
        var builder = McpSaasHost.CreateBuilder(args, new McpSaasHostOptions
        {
            DataDirectory = _data.Path,
            Urls = ["http://127.0.0.1:0"],
            WorkerRuntimeFolder = Path.Combine(Checkout.Root, "worker-runtime"),
            Platform = services => services.AddInMemoryPlatform(Platform),
            SignIn = true,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(Logs);
        _app = McpSaasHost.Build(builder);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');

        await SeedAsync("acme", "tools", 101, 202, "reader");
        await SeedAsync("globex", "web", 102, 303, "site");
        var secrets = Services.GetRequiredService<ISecretStore>();
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "seeded-token", new SecretValue(SeededSecretValue), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForOrg("globex"), "globex-token", new SecretValue(SeededGlobexSecretValue), "test", CancellationToken.None);
        var key = await Services.GetRequiredService<ApiKeyService>().CreateAsync(Reader, "seeded", "test", CancellationToken.None);
        SeededKey = key.Key!.Reveal();
    }

    private async Task SeedAsync(string org, string repo, long installation, long repositoryId, string server)
    {
        _repo.Write($"{org}/{server}/mcp.yaml", $$"""
            apiVersion: mcpsaas.dev/v1
            kind: McpServer
            metadata:
              name: {{server}}
            spec:
              plan: free
              tools:
                - use: fetch
                  with:
                    allowedHosts: [docs.example.com]
            """);
        await Store.SetEntitlementAsync(org, PlanTier.Free, PlanLimitOverrides.None, CancellationToken.None);
        var result = await Services.GetRequiredService<RepoReconciler>().ReconcileAsync(
            new FolderSource(_repo.Combine(org), repo), new RepoContext(org, repo, installation, repositoryId), apply: true, null, CancellationToken.None);
        Assert.True(result.Error is null, result.Error?.Message);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (GitHub is not null)
        {
            await GitHub.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _repo.Dispose();
        _data.Dispose();
    }
}
