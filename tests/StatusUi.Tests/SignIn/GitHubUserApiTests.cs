using McpSaas.Reconciler.Platforms.Local;
using McpSaas.StatusUi.SignIn;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Tests.SignIn;

/// <summary>The user-token reads of sign-in against the fake GitHub: who, every page of installations, roles, and every way it fails.</summary>
public sealed class GitHubUserApiTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _http.Dispose();
    }

    private GitHubUserApi Api(string? apiBaseUrl = null) =>
        new(_http, Options.Create(new SignInOptions { ApiBaseUrl = apiBaseUrl ?? _github.ApiBaseUrl.ToString() }));

    [Fact]
    public async Task GetUser_IsWhoTheTokenBelongsTo()
    {
        var alice = _github.AddUser("alice", 1001, "alice@example.com", "Alice Admin");

        var user = await Api().GetUserAsync(_github.IssueUserToken(alice).Token, CancellationToken.None);

        Assert.Equal((1001L, "alice", "alice@example.com", "Alice Admin"), (user.Id, user.Login, user.Email, user.Name));
    }

    [Fact]
    public async Task RevokeToken_WithTheAppsClientCredentials_EndsTheToken_WrongCredentialsOrGitHubDown_SayFalse()
    {
        var alice = _github.AddUser("alice", 1001);
        var token = _github.IssueUserToken(alice).Token;
        GitHubUserApi WithClient(string secret, string? apiBaseUrl = null) => new(_http, Options.Create(new SignInOptions
        {
            ApiBaseUrl = apiBaseUrl ?? _github.ApiBaseUrl.ToString(),
            ClientId = _github.Options.ClientId,
            ClientSecret = secret,
        }));

        Assert.False(await WithClient("not-the-secret").RevokeTokenAsync(token, CancellationToken.None));
        Assert.Equal("alice", (await Api().GetUserAsync(token, CancellationToken.None)).Login);
        Assert.False(await WithClient(_github.Options.ClientSecret, $"http://127.0.0.1:{LoopbackPorts.Any()}/api/v3").RevokeTokenAsync(token, CancellationToken.None));

        Assert.True(await WithClient(_github.Options.ClientSecret).RevokeTokenAsync(token, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<GitHubAccessException>(() => Api().GetUserAsync(token, CancellationToken.None));
        Assert.True(refused.SignInAgain);
        var call = _github.Calls.Last(c => c.Method == "DELETE");
        Assert.Equal($"/api/v3/applications/{_github.Options.ClientId}/token", call.Path);
        Assert.DoesNotContain(token, call.Path + call.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListInstallations_FollowsEveryPage()
    {
        var alice = _github.AddUser("alice", 1001);
        for (var i = 0; i < 230; i++)
        {
            _github.Grant(alice, _github.AddInstallation(10_000 + i, $"org-{i:D3}", 50_000 + i));
        }

        _github.Grant(alice, _github.AddInstallation(20_000, "alice", 1001, "User"));

        var installations = await Api().ListInstallationsAsync(_github.IssueUserToken(alice).Token, CancellationToken.None);

        Assert.Equal(231, installations.Count);
        Assert.Equal(231, installations.Select(i => i.Id).Distinct().Count());
        Assert.Contains(installations, i => i is { AccountLogin: "org-229", AccountId: 50_229, IsUserAccount: false });
        Assert.Contains(installations, i => i is { Id: 20_000, AccountLogin: "alice", IsUserAccount: true });
        Assert.Equal(3, _github.Calls.Count(c => c.Path == "/api/v3/user/installations"));
    }

    [Fact]
    public async Task ListInstallations_NeverFollowsANextPageOnAnotherHost()
    {
        var alice = _github.AddUser("alice", 1001);
        for (var i = 0; i < 101; i++)
        {
            _github.Grant(alice, _github.AddInstallation(10_000 + i, $"org-{i:D3}"));
        }

        // Configured as localhost, the fake's Link points at 127.0.0.1: another host, where the token must not go.
        var api = Api($"http://localhost:{_github.BaseUrl.Port}/api/v3");
        var installations = await api.ListInstallationsAsync(_github.IssueUserToken(alice).Token, CancellationToken.None);

        Assert.Equal(100, installations.Count);
        Assert.Single(_github.Calls, c => c.Path == "/api/v3/user/installations");
    }

    [Fact]
    public async Task MembershipRole_IsGitHubsRole_OrNullForNoMembership()
    {
        var alice = _github.AddUser("alice", 1001);
        _github.SetMembership(alice, "acme", "admin");
        _github.SetMembership(alice, "newco", "member");
        var token = _github.IssueUserToken(alice).Token;

        Assert.Equal("admin", await Api().GetMembershipRoleAsync(token, "acme", CancellationToken.None));
        Assert.Equal("member", await Api().GetMembershipRoleAsync(token, "newco", CancellationToken.None));
        Assert.Null(await Api().GetMembershipRoleAsync(token, "globex", CancellationToken.None));
    }

    [Fact]
    public async Task ARefusedToken_AsksToSignInAgain_WithoutTheToken()
    {
        var alice = _github.AddUser("alice", 1001);
        var token = _github.IssueUserToken(alice).Token;
        _github.RevokeAllUserTokens();

        foreach (var read in new Func<Task>[]
        {
            () => Api().GetUserAsync(token, CancellationToken.None),
            () => Api().ListInstallationsAsync(token, CancellationToken.None),
            () => Api().GetMembershipRoleAsync(token, "acme", CancellationToken.None),
        })
        {
            var refused = await Assert.ThrowsAsync<GitHubAccessException>(read);
            Assert.True(refused.SignInAgain);
            Assert.Contains("refused the sign-in's token", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(token, refused.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GitHubFailing_IsNotASignInProblem_AndNeverShowsTheToken()
    {
        var alice = _github.AddUser("alice", 1001);
        var token = _github.IssueUserToken(alice).Token;
        _github.UserApiDown = true;

        var down = await Assert.ThrowsAsync<GitHubAccessException>(() => Api().ListInstallationsAsync(token, CancellationToken.None));

        Assert.False(down.SignInAgain);
        Assert.Equal("GitHub answered 503 to GET /api/v3/user/installations", down.Message);
        Assert.DoesNotContain(token, down.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_github.Calls, c => c.Query.Contains(token, StringComparison.Ordinal)); // in a header only, never the URL
    }

    [Fact]
    public async Task GitHubUnreachable_IsAnAccessProblem_WithoutTheToken()
    {
        const string token = "ghu_unreachableTokenValue0123456789abcd";
        var api = Api($"http://127.0.0.1:{LoopbackPorts.Any()}/api/v3");

        var unreachable = await Assert.ThrowsAsync<GitHubAccessException>(() => api.GetUserAsync(token, CancellationToken.None));

        Assert.False(unreachable.SignInAgain);
        Assert.StartsWith("GitHub could not be reached", unreachable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, unreachable.ToString(), StringComparison.Ordinal);
    }
}
