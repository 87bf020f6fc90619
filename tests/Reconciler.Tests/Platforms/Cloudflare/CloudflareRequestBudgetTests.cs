using McpSaas.Reconciler.Platforms.Cloudflare;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

public sealed class CloudflareRequestBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryAcquire_GrantsUpToTheLimit_ThenSaysWhenTheOldestSlotFrees()
    {
        var budget = new CloudflareRequestBudget(3, TimeSpan.FromMinutes(5), _time);
        var start = _time.GetUtcNow();

        Assert.True(budget.TryAcquire().Granted);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(budget.TryAcquire().Granted);
        Assert.True(budget.TryAcquire().Granted);
        Assert.Equal(0, budget.Available);

        var denied = budget.TryAcquire();

        Assert.False(denied.Granted);
        Assert.Equal(start + TimeSpan.FromMinutes(5), denied.NextFreeAt);
        Assert.Equal(denied.NextFreeAt, budget.NextFreeAt());
    }

    [Fact]
    public void TryAcquire_IsASlidingWindow_SlotsFreeOneByOne()
    {
        var budget = new CloudflareRequestBudget(2, TimeSpan.FromMinutes(5), _time);
        Assert.True(budget.TryAcquire().Granted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(budget.TryAcquire().Granted);

        _time.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromTicks(1));
        Assert.False(budget.TryAcquire().Granted); // the first slot frees exactly 5 minutes after it was taken

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, budget.Available);
        Assert.True(budget.TryAcquire().Granted);
        Assert.False(budget.TryAcquire().Granted);
    }

    [Fact]
    public void Denied_TakesNoSlot()
    {
        var budget = new CloudflareRequestBudget(1, TimeSpan.FromSeconds(10), _time);
        Assert.True(budget.TryAcquire().Granted);
        for (var i = 0; i < 100; i++)
        {
            Assert.False(budget.TryAcquire().Granted);
        }

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(budget.TryAcquire().Granted);
    }

    [Fact]
    public void BlockUntil_ClosesTheBudgetForEveryone_UntilThatTime()
    {
        var budget = new CloudflareRequestBudget(1200, TimeSpan.FromMinutes(5), _time);
        var until = _time.GetUtcNow() + TimeSpan.FromSeconds(7);

        budget.BlockUntil(until);
        budget.BlockUntil(until - TimeSpan.FromSeconds(5)); // an earlier block does not shorten it

        Assert.Equal(0, budget.Available);
        Assert.Equal(until, budget.BlockedUntil);
        var denied = budget.TryAcquire();
        Assert.False(denied.Granted);
        Assert.Equal(until, denied.NextFreeAt);

        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Null(budget.BlockedUntil);
        Assert.True(budget.TryAcquire().Granted);
    }

    [Fact]
    public async Task TryAcquire_FromManyCallers_NeverGrantsMoreThanTheLimit()
    {
        var budget = new CloudflareRequestBudget(1200, TimeSpan.FromMinutes(5), _time);

        var grants = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 500).Count(_ => budget.TryAcquire().Granted))));

        Assert.Equal(1200, grants.Sum());
    }
}
