using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>The fake Cloudflare API on loopback and the real client wired to it through <see cref="CloudflareServiceCollectionExtensions.AddCloudflareApi"/>.</summary>
internal sealed class CloudflareHarness : IAsyncDisposable
{
    private CloudflareHarness(FakeCloudflareApi fake, ServiceProvider provider, CapturingLoggerProvider logs, FakeTimeProvider? time)
    {
        Fake = fake;
        Provider = provider;
        Logs = logs;
        Time = time;
    }

    public FakeCloudflareApi Fake { get; }

    public ServiceProvider Provider { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>The clock shared by the client and the fake, when the test drives time.</summary>
    public FakeTimeProvider? Time { get; }

    public ICloudflareClient Client => Provider.GetRequiredService<ICloudflareClient>();

    public static async Task<CloudflareHarness> StartAsync(
        Action<FakeCloudflareOptions>? fake = null,
        Action<CloudflareOptions>? client = null,
        FakeTimeProvider? time = null,
        bool runWorkers = false)
    {
        var fakeOptions = new FakeCloudflareOptions { RunWorkers = runWorkers };
        if (time is not null)
        {
            fakeOptions.Clock = time;
        }

        fake?.Invoke(fakeOptions);
        var api = await FakeCloudflareApi.StartAsync(fakeOptions);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddCloudflareApi(o =>
        {
            o.AccountId = api.AccountId;
            o.ApiToken = api.ApiToken;
            o.ApiBaseUrl = api.BaseUrl;
            client?.Invoke(o);
        });
        return new CloudflareHarness(api, services.BuildServiceProvider(), logs, time);
    }

    /// <summary>Runs <paramref name="work"/> while advancing the shared fake clock in small steps, so delays and timeouts on it fire.</summary>
    public async Task<T> WithClockAsync<T>(Func<Task<T>> work, TimeSpan? step = null)
    {
        var time = Time ?? throw new InvalidOperationException("this harness has no fake clock");
        var task = work();
        for (var i = 0; i < 5000 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(250));
            }
        }

        return await task;
    }

    public Task WithClockAsync(Func<Task> work, TimeSpan? step = null) => WithClockAsync(async () =>
    {
        await work();
        return true;
    }, step);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Fake.DisposeAsync();
        Logs.Dispose();
    }
}
