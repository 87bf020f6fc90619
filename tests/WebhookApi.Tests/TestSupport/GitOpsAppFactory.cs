using System.Net.Http.Headers;
using System.Security.Cryptography;
using McpSaas.GitHub.Webhooks;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.WebhookApi.Tests.TestSupport;

/// <summary>
/// The production host (<c>serve</c>'s app) in-process with a GitHub App configured: a fresh data folder, a fake clock,
/// a recording job handler; the runner and the scheduler off unless a test turns them on.
/// </summary>
public sealed class GitOpsAppFactory : WebApplicationFactory<Program>
{
    public const string Secret = "It's a Secret to Everybody";

    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public GitOpsAppFactory(string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"));
        OwnsDataDirectory = dataDirectory is null;
        using var rsa = RSA.Create(2048);
        PrivateKeyPem = rsa.ExportRSAPrivateKeyPem();
        Settings["GitHub:AppId"] = "424242";
        Settings["GitHub:PrivateKey"] = PrivateKeyPem;
        Settings["GitHub:WebhookSecret"] = Secret;
        Settings["Jobs:Enabled"] = "false";
        Settings["Scheduling:Enabled"] = "false";
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public string DataDirectory { get; }

    public string PrivateKeyPem { get; }

    public Dictionary<string, string?> Settings { get; } = [];

    public RecordingJobHandler Handler { get; } = new();

    /// <summary>False: the app keeps the system clock (Quartz's scheduler thread waits in real time).</summary>
    public bool UseFakeClock { get; set; } = true;

    public SqliteStateStore Store => Services.GetRequiredService<SqliteStateStore>();

    private bool OwnsDataDirectory { get; }

    public static HttpRequestMessage Delivery(string eventName, string deliveryId, byte[] body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("User-Agent", "GitHub-Hookshot/abc123");
        request.Headers.Add(WebhookSignature.HeaderName, signature ?? WebhookSignature.Compute(Secret, body));
        return request;
    }

    public async Task<IReadOnlyList<JobRecord>> JobsAsync() => await Store.ListJobsAsync(null, 100, CancellationToken.None);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("State:DataDirectory", DataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => { logging.ClearProviders(); if (Environment.GetEnvironmentVariable("TEST_LOG") == "1") { logging.AddConsole(); } });
        builder.ConfigureTestServices(services =>
        {
            if (UseFakeClock)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }

            services.AddSingleton<IJobHandler>(Handler);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (OwnsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
