using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpSaas.GitHub.Auth;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.GitHub.Tests.Fake;

/// <summary>The fake refuses what GitHub refuses, over plain HTTP.</summary>
public sealed class FakeGitHubTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Git_RefusesAWrongOrAnotherInstallationsToken_AndAcceptsAValidOne()
    {
        var clock = new FakeTimeProvider(Now);
        await using var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock });
        var acme = github.AddInstallation(77, "acme");
        github.AddInstallation(88, "globex");
        var repository = github.AddRepository(acme, "tools", id: 5);
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, clock);
        var minter = new OctokitTokenMinter(new GitHubAppOptions { ApiBaseUrl = github.ApiBaseUrl.ToString() }, jwt);
        var mine = (await minter.MintAsync(77, CancellationToken.None)).Token.Reveal();
        var theirs = (await minter.MintAsync(88, CancellationToken.None)).Token.Reveal();
        using var http = new HttpClient();
        var infoRefs = new Uri(repository.CloneUrl, "tools.git/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, infoRefs, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, infoRefs, "x-access-token:ghs_wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, infoRefs, "x-access-token:" + theirs));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, infoRefs, "someone:" + mine));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(http, infoRefs, "x-access-token:" + mine));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, infoRefs, "x-access-token:" + mine));
    }

    [Fact]
    public async Task AppEndpoints_RefuseNoJwt_TheTokenScheme_AndAJwtTooFarAhead()
    {
        var clock = new FakeTimeProvider(Now);
        await using var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock });
        github.AddInstallation(77, "acme");
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, clock);
        using var http = new HttpClient();
        var url = new Uri(github.BaseUrl, "api/v3/app/installations/77/access_tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, url, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, url, new AuthenticationHeaderValue("token", jwt.Create().Reveal())));
        Assert.Equal(HttpStatusCode.Created, await PostAsync(http, url, new AuthenticationHeaderValue("Bearer", jwt.Create().Reveal())));
        using var future = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, new FakeTimeProvider(Now.AddMinutes(5)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, url, new AuthenticationHeaderValue("Bearer", future.Create().Reveal())));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(http, new Uri(github.BaseUrl, "api/v3/app/installations/99/access_tokens"),
            new AuthenticationHeaderValue("Bearer", jwt.Create().Reveal())));
        Assert.DoesNotContain(github.Calls, c => c.Headers.ContainsKey("Authorization"));
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient http, Uri url, string? basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, Uri url, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
