using McpSaas.GitHub.Api;
using McpSaas.GitHub.Auth;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace McpSaas.GitHub.Tests.Auth;

public sealed class GitHubClientsTests
{
    [Fact]
    public async Task Octokit_AgainstAnEnterpriseStyleBaseUrl_FindsTheInstallation_AndPagesItsRepositories()
    {
        await using var github = await FakeGitHub.StartAsync();
        var installation = github.AddInstallation(77, "acme");
        for (var i = 1; i <= 5; i++)
        {
            github.AddRepository(installation, $"repo{i}", id: 100 + i);
        }

        var options = new GitHubAppOptions { ApiBaseUrl = github.ApiBaseUrl.ToString(), WebBaseUrl = github.BaseUrl.ToString() };
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, TimeProvider.System);
        using var tokens = new InstallationTokenCache(new OctokitTokenMinter(options, jwt), TimeProvider.System, NullLogger<InstallationTokenCache>.Instance);
        var clients = new GitHubClients(options, jwt, tokens);

        var found = await clients.ForApp().GitHubApps.GetRepositoryInstallationForCurrent("acme", "repo3");
        Assert.Equal(77, found.Id);
        Assert.Equal("acme", found.Account.Login);

        var client = await clients.ForInstallationAsync(77, CancellationToken.None);
        var repositories = await client.GitHubApps.Installation.GetAllRepositoriesForCurrent(new ApiOptions { PageSize = 2 });

        Assert.Equal(["repo1", "repo2", "repo3", "repo4", "repo5"], repositories.Repositories.Select(r => r.Name));
        var pages = github.Calls.Where(c => c.Path == "/api/v3/installation/repositories").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(("installation", 77L), (p.Auth, p.InstallationId)));
        Assert.Equal(1, github.Calls.Count(c => c.Path.EndsWith("/access_tokens", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InstallationEndpoints_RefuseTheAppJwt_AndAppEndpointsRefuseInstallationTokens()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddRepository(github.AddInstallation(77, "acme"), "tools", id: 5);
        var options = new GitHubAppOptions { ApiBaseUrl = github.ApiBaseUrl.ToString() };
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, TimeProvider.System);
        using var tokens = new InstallationTokenCache(new OctokitTokenMinter(options, jwt), TimeProvider.System, NullLogger<InstallationTokenCache>.Instance);
        var clients = new GitHubClients(options, jwt, tokens);

        await Assert.ThrowsAsync<AuthorizationException>(() => clients.ForApp().GitHubApps.Installation.GetAllRepositoriesForCurrent());
        var asInstallation = await clients.ForInstallationAsync(77, CancellationToken.None);
        await Assert.ThrowsAsync<AuthorizationException>(() => asInstallation.GitHubApps.GetRepositoryInstallationForCurrent("acme", "tools"));
    }
}
