using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>Retries, backoff, <c>Retry-After</c> and the shared budget, on one fake clock for the client and the fake.</summary>
public sealed class CloudflareRetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A429_IsRetried_NotBeforeItsRetryAfter()
    {
        var faults = FirstRequests(1);
        await using var h = await CloudflareHarness.StartAsync(time: _time, fake: o =>
        {
            o.FaultRate = 1;
            o.Faults = FakeFault.RateLimited;
            o.FaultRetryAfter = TimeSpan.FromSeconds(7);
            o.FaultFilter = faults;
        });

        var scripts = await h.WithClockAsync(() => h.Client.ListScriptsAsync(null, None));

        Assert.Empty(scripts);
        var requests = h.Fake.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(7), $"sent {requests[1].At - requests[0].At} after the 429");
        Assert.Contains(h.Logs.Lines, l => l.Contains("[6002]", StringComparison.Ordinal) && l.Contains("RateLimited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrors_AreRetried_WithExponentialBackoff()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, fake: o =>
        {
            o.FaultRate = 1;
            o.Faults = FakeFault.ServerError;
            o.FaultFilter = FirstRequests(2);
        });

        await h.WithClockAsync(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None));

        var requests = h.Fake.Requests;
        Assert.Equal([500, 500, 200], requests.Select(r => r.Status));
        Assert.InRange(requests[1].At - requests[0].At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        Assert.InRange(requests[2].At - requests[1].At, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.Equal(requests[0].Body, requests[2].Body); // the same bytes on every attempt
        Assert.NotNull(h.Fake.Script("mcp-a"));
    }

    [Fact]
    public async Task ConcurrentModification10035_IsRetried()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, fake: o =>
        {
            o.FaultRate = 1;
            o.Faults = FakeFault.ConcurrentModification;
            o.FaultFilter = FirstRequests(1);
        });

        await h.WithClockAsync(() => h.Client.UploadScriptAsync(Uploads.Small("mcp-a"), None));

        Assert.Equal([10035, null], h.Fake.Requests.Select(r => r.ErrorCode));
    }

    [Fact]
    public async Task ATimeout_IsRetried()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time,
            fake: o =>
            {
                o.FaultRate = 1;
                o.Faults = FakeFault.Timeout;
                o.FaultFilter = FirstRequests(1);
            },
            client: o => o.RequestTimeout = TimeSpan.FromSeconds(5));

        var scripts = await h.WithClockAsync(() => h.Client.ListScriptsAsync(null, None), TimeSpan.FromSeconds(1));

        Assert.Empty(scripts);
        var requests = h.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(FakeFault.Timeout, requests[0].Fault);
        Assert.Equal(200, requests[1].Status);
    }

    [Fact]
    public async Task TransientErrors_EndAfterMaxAttempts_AsTransient_WithTheTimeToRetry()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, fake: o =>
        {
            o.FaultRate = 1;
            o.Faults = FakeFault.ServerError;
        });

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.WithClockAsync(() => h.Client.ListScriptsAsync(null, None)));

        Assert.Equal(CloudflareErrorKind.ServerError, error.Kind);
        Assert.Equal(CloudflareErrorClass.Transient, error.Class);
        Assert.Equal(500, error.HttpStatus);
        Assert.NotNull(error.RetryAt);
        Assert.Equal(3, h.Fake.Requests.Count);
        Assert.Contains("Cloudflare failed the listing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigurationError_IsNotRetried()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time);

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() =>
            h.Client.UploadScriptAsync(Uploads.Small("mcp-a") with { Bindings = [new CloudflareBinding { Type = "secret_text", Name = "X" }] }, None));

        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Single(h.Fake.Requests);
    }

    [Fact]
    public async Task ARetryAfterLongerThanMaxRetryDelay_EndsWithRetryAt_AndClosesTheBudgetForEveryone()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, fake: o => o.RateLimit = 1);
        await h.Client.ListScriptsAsync(null, None);

        var limited = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.ListScriptsAsync(null, None));
        var deferred = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.GetWorkersDevSubdomainAsync(None));

        Assert.Equal(CloudflareErrorKind.RateLimited, limited.Kind);
        Assert.Equal(CloudflareErrorClass.Transient, limited.Class);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), limited.RetryAt);
        Assert.Equal(limited.RetryAt, h.Client.Budget.BlockedUntil);
        Assert.Equal(CloudflareErrorKind.BudgetExhausted, deferred.Kind);
        Assert.Equal(CloudflareErrorClass.Deferred, deferred.Class);
        Assert.Equal(limited.RetryAt, deferred.RetryAt);
        Assert.Equal(2, h.Fake.Requests.Count); // nothing sent before Retry-After

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("mcpsaas-fake", await h.Client.GetWorkersDevSubdomainAsync(None));
    }

    [Fact]
    public async Task ASpentBudget_DefersWithTheTimeTheNextSlotFrees_AndSendsNothing()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, client: o => o.RequestBudget = 3);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await h.Client.ListScriptsAsync(null, None);
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.ListScriptsAsync(null, None));

        Assert.Equal(CloudflareErrorKind.BudgetExhausted, error.Kind);
        Assert.Equal(CloudflareErrorClass.Deferred, error.Class);
        Assert.Equal(start + TimeSpan.FromMinutes(5), error.RetryAt);
        Assert.Contains("request budget is spent", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Fake.Requests.Count);
        Assert.Contains(h.Logs.Lines, l => l.Contains("[6004]", StringComparison.Ordinal));

        _time.Advance(error.RetryAt!.Value - _time.GetUtcNow());

        await h.Client.ListScriptsAsync(null, None);
        Assert.Equal(4, h.Fake.Requests.Count);
    }

    [Fact]
    public async Task MaxBudgetWait_WaitsForTheNextSlot_InsteadOfDeferring()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time, client: o =>
        {
            o.RequestBudget = 1;
            o.RequestBudgetWindow = TimeSpan.FromSeconds(30);
            o.MaxBudgetWait = TimeSpan.FromMinutes(1);
        });
        await h.Client.ListScriptsAsync(null, None);

        await h.WithClockAsync(() => h.Client.ListScriptsAsync(null, None), TimeSpan.FromSeconds(1));

        var requests = h.Fake.Requests;
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TheBudget_IsSharedByEveryCaller_RetriesIncluded()
    {
        await using var h = await CloudflareHarness.StartAsync(time: _time,
            fake: o =>
            {
                o.FaultRate = 1;
                o.Faults = FakeFault.ServerError;
                o.FaultFilter = FirstRequests(1);
            },
            client: o => o.RequestBudget = 2);

        await h.WithClockAsync(() => h.Client.ListScriptsAsync(null, None));
        var error = await Assert.ThrowsAsync<CloudflareApiException>(() => h.Client.GetWorkersDevSubdomainAsync(None));

        Assert.Equal(CloudflareErrorKind.BudgetExhausted, error.Kind);
        Assert.Equal(0, h.Client.Budget.Available);
    }

    [Fact]
    public async Task SeededFaults_AtAnyRate_StillConverge_AndTheFakeIsDeterministic()
    {
        var runs = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
            await using var h = await CloudflareHarness.StartAsync(time: time,
                fake: o =>
                {
                    o.FaultRate = 0.3;
                    o.FaultSeed = 42;
                    o.Faults = FakeFault.RateLimited | FakeFault.ServerError | FakeFault.ConcurrentModification;
                },
                client: o => o.MaxAttempts = 10);
            for (var i = 0; i < 5; i++)
            {
                await h.WithClockAsync(() => h.Client.UploadScriptAsync(Uploads.Small($"mcp-{i}"), None));
                await h.WithClockAsync(() => h.Client.PatchSecretsAsync($"mcp-{i}", new Dictionary<string, string?> { ["MCP_USAGE_TOKEN"] = $"token-{i}" }, None));
            }

            Assert.Equal(5, h.Fake.Scripts.Count);
            Assert.All(h.Fake.Scripts, s => Assert.Single(s.Secrets));
            Assert.Contains(h.Fake.Requests, r => r.Fault != FakeFault.None);
            runs.Add(string.Join(",", h.Fake.Requests.Select(r => $"{r.Method}{r.Status}")));
        }

        Assert.Equal(runs[0], runs[1]);
    }

    /// <summary>A fault filter that lets the fault hit only the first <paramref name="count"/> requests.</summary>
    private static Func<string, string, bool> FirstRequests(int count)
    {
        var seen = 0;
        return (_, _) => Interlocked.Increment(ref seen) <= count;
    }
}
