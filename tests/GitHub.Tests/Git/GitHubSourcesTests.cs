using McpSaas.GitHub.Auth;
using McpSaas.GitHub.Git;
using McpSaas.GitHub.Tests.Support;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Sources;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.GitHub.Tests.Git;

/// <summary>Real git over smart HTTP (git http-backend behind the fake) with installation tokens handed to libgit2 at fetch time.</summary>
public sealed class GitHubSourcesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _githubClock = new(Now);
    private readonly FakeTimeProvider _ourClock = new(Now);
    private readonly TempDir _cache = new("mcpsaas-gitcache");
    private readonly WorkTree _work = new();
    private FakeGitHub _github = null!;
    private FakeRepository _repository = null!;
    private AppJwt _jwt = null!;
    private InstallationTokenCache _tokens = null!;
    private GitHubSources _sources = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = _githubClock });
        _repository = _github.AddRepository(_github.AddInstallation(77, "acme"), "tools", id: 5001);
        _jwt = new AppJwt(_github.PrivateKeyPem, _github.Options.ClientId, _ourClock);
        var options = new GitHubAppOptions { ApiBaseUrl = _github.ApiBaseUrl.ToString(), WebBaseUrl = _github.BaseUrl.ToString() };
        _tokens = new InstallationTokenCache(new OctokitTokenMinter(options, _jwt), _ourClock, NullLogger<InstallationTokenCache>.Instance);
        _sources = new GitHubSources(options, _tokens);
    }

    public async Task DisposeAsync()
    {
        _tokens.Dispose();
        _jwt.Dispose();
        await _github.DisposeAsync();
        _work.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task Reconcile_FetchesTheDefaultBranch_WithTheInstallationToken_NeverStoringIt()
    {
        var sha = _work.Commit("team/mcp.yaml", "apiVersion: mcpsaas.dev/v1\n");
        _repository.PushFrom(_work.Path, "main");

        var source = await _sources.ForJobAsync(Record(), Job(JobKind.Reconcile), _cache.Path, CancellationToken.None);
        using var snapshot = await source.SnapshotAsync(CancellationToken.None);

        Assert.Equal(sha, snapshot.Revision);
        Assert.Equal("team/mcp.yaml", Assert.Single(snapshot.Files).Path);
        var token = Assert.Single(_github.IssuedTokens).Token;
        var gitCalls = _github.Calls.Where(c => c.Path.StartsWith("/acme/tools.git/", StringComparison.Ordinal)).ToList();
        Assert.Contains(gitCalls, c => c.Status == 401 && c.Auth == "none"); // libgit2 asks for credentials only when challenged
        Assert.Contains(gitCalls, c => c.Status == 200 && c.Auth == "basic" && c.InstallationId == 77);
        foreach (var file in Directory.EnumerateFiles(_cache.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(token, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("@", File.ReadAllText(Directory.EnumerateFiles(_cache.Path, "config", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_AtAPushedCommit_ReadsThatCommit_EvenWhenTheBranchMovedOn()
    {
        var first = _work.Commit("a/mcp.yaml", "one\n");
        _work.Commit("b/mcp.yaml", "two\n");
        _repository.PushFrom(_work.Path, "main");

        var source = await _sources.ForJobAsync(Record(), Job(JobKind.Reconcile) with { CommitSha = first }, _cache.Path, CancellationToken.None);
        using var snapshot = await source.SnapshotAsync(CancellationToken.None);

        Assert.Equal(first, snapshot.Revision);
        Assert.Equal(["a/mcp.yaml"], snapshot.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Plan_FetchesThePullRequestHead_FromAFork()
    {
        _work.Commit("base/mcp.yaml", "base\n");
        _repository.PushFrom(_work.Path, "main");
        using var fork = new WorkTree();
        fork.Commit("base/mcp.yaml", "base\n");
        fork.Checkout("feature");
        fork.Commit("fork/mcp.yaml", "from a fork\n");
        var head = _repository.SetPullRequestHead(7, fork.Path, "feature");

        var job = Job(JobKind.Plan) with { PullRequestNumber = 7, CommitSha = head, FromFork = true };
        var source = await _sources.ForJobAsync(Record(), job, _cache.Path, CancellationToken.None);
        using var snapshot = await source.SnapshotAsync(CancellationToken.None);

        Assert.Equal(head, snapshot.Revision);
        Assert.Equal(["base/mcp.yaml", "fork/mcp.yaml"], snapshot.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Fetch_WithAnExpiredToken_IsRefusedByGit()
    {
        _work.Commit("team/mcp.yaml", "x\n");
        _repository.PushFrom(_work.Path, "main");
        var source = await _sources.ForJobAsync(Record(), Job(JobKind.Reconcile), _cache.Path, CancellationToken.None);
        using (await source.SnapshotAsync(CancellationToken.None))
        {
        }

        // GitHub's clock moves past the token's hour while ours (and so the cache) does not: GitHub refuses it.
        _githubClock.Advance(TimeSpan.FromMinutes(61));
        var stale = await _sources.ForJobAsync(Record(), Job(JobKind.Reconcile), _cache.Path, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceException>(() => stale.SnapshotAsync(CancellationToken.None));

        Assert.Contains(_github.Calls, c => c.Status == 401 && c.Auth == "invalid");
        Assert.DoesNotContain(Assert.Single(_github.IssuedTokens).Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_AreGivenToTheGitHubHostOnly()
    {
        var credentials = await InstallationGitCredentials.MintAsync(_tokens, 77, _github.BaseUrl, CancellationToken.None);

        Assert.Equal("x-access-token", credentials.For(_repository.CloneUrl)!.Username);
        Assert.Null(credentials.For(new Uri("https://evil.example.com/acme/tools.git")));
        Assert.Null(credentials.For(new Uri($"http://127.0.0.1:{_github.BaseUrl.Port + 1}/acme/tools.git")));
        Assert.DoesNotContain(Assert.Single(_github.IssuedTokens).Token, credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Assert.Single(_github.IssuedTokens).Token, credentials.For(_repository.CloneUrl)!.ToString(), StringComparison.Ordinal);
    }

    private GitHubRepositoryRecord Record() => new()
    {
        RepositoryId = _repository.Id,
        InstallationId = 77,
        IdentityInstallationId = 77,
        Owner = "acme",
        Name = "tools",
        DefaultBranch = "main",
        UpdatedAt = Now,
    };

    private JobRecord Job(JobKind kind) => new()
    {
        Id = 1,
        RepoKey = RepoKeys.GitHub(_repository.Id),
        Kind = kind,
        Triggers = JobTriggers.Webhook,
        InstallationId = 77,
        RepositoryId = _repository.Id,
        State = JobState.Running,
        RunAfter = Now,
        CreatedAt = Now,
    };
}
