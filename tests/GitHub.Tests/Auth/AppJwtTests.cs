using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpSaas.GitHub.Auth;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.GitHub.Tests.Auth;

public sealed class AppJwtTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Create_SignsRs256_WithIatAMinuteBack_ExpNineMinutesAhead_AndTheIssuer()
    {
        using var key = RSA.Create(2048);
        using var jwt = new AppJwt(key.ExportRSAPrivateKeyPem(), "Iv23liClient", new FakeTimeProvider(Now));

        var parts = jwt.Create().Reveal().Split('.');

        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(Now.ToUnixTimeSeconds() - 60, payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds() + 540, payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("Iv23liClient", payload.RootElement.GetProperty("iss").GetString());
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("(sensitive value)", jwt.Create().ToString());
    }

    [Fact]
    public async Task Mint_IsAccepted_WithTheAppsKey_ByClientIdOrAppId()
    {
        var clock = new FakeTimeProvider(Now);
        await using var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock });
        github.AddInstallation(77, "acme");

        foreach (var issuer in new[] { github.Options.ClientId, github.Options.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            using var jwt = new AppJwt(github.PrivateKeyPem, issuer, clock);
            var token = await Minter(github, jwt).MintAsync(77, CancellationToken.None);

            Assert.StartsWith("ghs_", token.Token.Reveal(), StringComparison.Ordinal);
            Assert.Equal(Now.AddHours(1), token.ExpiresAt);
        }

        Assert.All(github.Calls, c => Assert.Equal(("POST", "/api/v3/app/installations/77/access_tokens", 201, "jwt"), (c.Method, c.Path, c.Status, c.Auth)));
    }

    [Fact]
    public async Task Mint_IsRefused_ForAnotherKey_AWrongIssuer_OrAnExpiredJwt()
    {
        var clock = new FakeTimeProvider(Now);
        await using var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock });
        github.AddInstallation(77, "acme");
        using var otherKey = RSA.Create(2048);
        using var wrongKey = new AppJwt(otherKey.ExportRSAPrivateKeyPem(), github.Options.ClientId, clock);
        using var wrongIssuer = new AppJwt(github.PrivateKeyPem, "Iv23someoneElse", clock);
        var earlier = new FakeTimeProvider(Now.AddMinutes(-10));
        using var expired = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, earlier);

        foreach (var jwt in new[] { wrongKey, wrongIssuer, expired })
        {
            await Assert.ThrowsAsync<Octokit.AuthorizationException>(() => Minter(github, jwt).MintAsync(77, CancellationToken.None));
        }

        Assert.Equal(3, github.Calls.Count(c => c.Status == 401 && c.Auth == "invalid"));
        Assert.Empty(github.IssuedTokens);
    }

    [Fact]
    public async Task TokenCache_MintsOnce_ThenAgainFiveMinutesBeforeExpiry_OnTheClock()
    {
        var clock = new FakeTimeProvider(Now);
        await using var github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = clock });
        github.AddInstallation(77, "acme");
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, clock);
        using var cache = new InstallationTokenCache(Minter(github, jwt), clock, NullLogger<InstallationTokenCache>.Instance);

        var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(77, CancellationToken.None)));
        Assert.Single(first.Select(t => t.Token.Reveal()).Distinct());
        Assert.Equal(1, MintCalls(github));

        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Same(first[0], await cache.GetAsync(77, CancellationToken.None));
        Assert.Equal(1, MintCalls(github));

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // 55:01, inside the last 5 minutes
        var second = await cache.GetAsync(77, CancellationToken.None);
        Assert.NotEqual(first[0].Token.Reveal(), second.Token.Reveal());
        Assert.Equal(clock.GetUtcNow().AddHours(1), second.ExpiresAt);
        Assert.Equal(2, MintCalls(github));
    }

    [Fact]
    public async Task Mint_OfASuspendedInstallation_IsForbidden()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddInstallation(77, "acme").Suspended = true;
        using var jwt = new AppJwt(github.PrivateKeyPem, github.Options.ClientId, TimeProvider.System);

        await Assert.ThrowsAsync<Octokit.ForbiddenException>(() => Minter(github, jwt).MintAsync(77, CancellationToken.None));
    }

    private static int MintCalls(FakeGitHub github) => github.Calls.Count(c => c.Path.EndsWith("/access_tokens", StringComparison.Ordinal));

    private static OctokitTokenMinter Minter(FakeGitHub github, AppJwt jwt) =>
        new(new GitHubAppOptions { ApiBaseUrl = github.ApiBaseUrl.ToString() }, jwt);
}
