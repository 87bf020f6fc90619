using McpSaas.StatusUi.SignIn;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.StatusUi.Tests.SignIn;

public sealed class AccessCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero));

    private AccessCache Cache(TimeSpan duration) => new(Options.Create(new SignInOptions { AccessCacheDuration = duration }), _clock);

    private static Func<Task<IReadOnlyList<UserInstallation>>> Counting(Counter reads, params string[] accounts) => () =>
    {
        reads.Value++;
        return Task.FromResult<IReadOnlyList<UserInstallation>>([.. accounts.Select((a, i) => new UserInstallation(100 + i, a, 5000 + i, "Organization"))]);
    };

    [Fact]
    public async Task Installations_AreReusedWithinTheDuration_AndAskedAgainOnceItPasses()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var reads = new Counter();

        Assert.Equal(["acme"], (await cache.InstallationsAsync(1001, Counting(reads, "acme"))).Select(i => i.AccountLogin));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(["acme"], (await cache.InstallationsAsync(1001, Counting(reads, "acme", "globex"))).Select(i => i.AccountLogin));
        Assert.Equal(1, reads.Value);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["acme", "globex"], (await cache.InstallationsAsync(1001, Counting(reads, "acme", "globex"))).Select(i => i.AccountLogin));
        Assert.Equal(2, reads.Value);
    }

    [Fact]
    public async Task Entries_ArePerPerson_AndRolesPerOrg_WhateverTheCaseOfItsName()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var reads = new Counter();

        await cache.InstallationsAsync(1001, Counting(reads, "acme"));
        Assert.Empty(await cache.InstallationsAsync(1002, Counting(reads)));
        Assert.Equal(2, reads.Value);

        Assert.Equal("admin", await cache.RoleAsync(1001, "acme", () => Task.FromResult<string?>("admin")));
        Assert.Equal("admin", await cache.RoleAsync(1001, "ACME", () => Task.FromResult<string?>("member")));
        Assert.Equal("member", await cache.RoleAsync(1002, "acme", () => Task.FromResult<string?>("member")));
        Assert.Equal("", await cache.RoleAsync(1001, "globex", () => Task.FromResult<string?>(null)));
    }

    [Fact]
    public async Task Forget_DropsEverythingKnownAboutThatPerson_Only()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var reads = new Counter();
        await cache.InstallationsAsync(1001, Counting(reads, "acme"));
        await cache.InstallationsAsync(10011, Counting(reads, "acme"));
        await cache.RoleAsync(1001, "acme", () => Task.FromResult<string?>("admin"));

        cache.Forget(1001);

        Assert.Equal("member", await cache.RoleAsync(1001, "acme", () => Task.FromResult<string?>("member")));
        await cache.InstallationsAsync(1001, Counting(reads, "acme"));
        await cache.InstallationsAsync(10011, Counting(reads, "acme")); // another person whose id starts the same: kept
        Assert.Equal(3, reads.Value);
    }

    [Fact]
    public async Task Entries_ArePerSession_AndForgetDropsEverySessionOfThePerson()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var reads = new Counter();

        await cache.InstallationsAsync(1001, Counting(reads, "acme"), "session-a");
        await cache.InstallationsAsync(1001, Counting(reads, "acme"), "session-b");
        await cache.InstallationsAsync(1001, Counting(reads, "acme"), "session-a");
        Assert.Equal("admin", await cache.RoleAsync(1001, "acme", () => Task.FromResult<string?>("admin"), "session-a"));
        Assert.Equal("member", await cache.RoleAsync(1001, "acme", () => Task.FromResult<string?>("member"), "session-b"));
        Assert.Equal(2, reads.Value);

        cache.Forget(1001);
        await cache.InstallationsAsync(1001, Counting(reads, "acme"), "session-a");
        await cache.InstallationsAsync(1001, Counting(reads, "acme"), "session-b");
        Assert.Equal(4, reads.Value);
    }

    [Fact]
    public async Task ZeroDuration_AsksGitHubEveryTime()
    {
        var cache = Cache(TimeSpan.Zero);
        var reads = new Counter();

        await cache.InstallationsAsync(1001, Counting(reads, "acme"));
        await cache.InstallationsAsync(1001, Counting(reads, "acme"));

        Assert.Equal(2, reads.Value);
    }

    [Fact]
    public async Task AFailedRead_IsNotCached()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var reads = new Counter();

        await Assert.ThrowsAsync<GitHubAccessException>(() => cache.InstallationsAsync(1001, () => throw new GitHubAccessException("GitHub answered 503", signInAgain: false)));
        Assert.Equal(["acme"], (await cache.InstallationsAsync(1001, Counting(reads, "acme"))).Select(i => i.AccountLogin));
        Assert.Equal(1, reads.Value);
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }
}
