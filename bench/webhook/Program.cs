// bench/webhook: acknowledgement latency of POST /webhooks/github under a steady rate of signed push deliveries
// (open loop: a delivery is sent every 1/rate s whatever the answers do), through the real host on loopback with the
// SQLite state store, each delivery recording its id and job in one transaction, the job runner draining the queue.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using McpSaas.GitHub.Webhooks;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Webhook.Bench;
using McpSaas.WebhookApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

if (Array.IndexOf(args, "--push-to-callable") is var push and >= 0)
{
    return await PushToCallable.RunAsync(push + 1 < args.Length ? int.Parse(args[push + 1], CultureInfo.InvariantCulture) : 30);
}

var rate = Arg("--rate", 100);
var seconds = Arg("--seconds", 30);
var repos = Arg("--repos", 50);
var runner = !args.Contains("--no-runner");
const string secret = "bench-webhook-secret";
var data = Path.Combine(Path.GetTempPath(), $"mcpsaas-bench-webhook-{Environment.ProcessId}");
using var rsa = RSA.Create(2048);
var handler = new InstantHandler();
var builder = McpSaasHost.CreateBuilder([], new McpSaasHostOptions { DataDirectory = data, Urls = ["http://127.0.0.1:0"], GitOps = true });
builder.Configuration["GitHub:AppId"] = "1";
builder.Configuration["GitHub:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
builder.Configuration["GitHub:WebhookSecret"] = secret;
builder.Configuration["Scheduling:Enabled"] = "false";
builder.Configuration["Jobs:Enabled"] = runner ? "true" : "false";
builder.Logging.ClearProviders();
builder.Services.AddSingleton<IJobHandler>(handler);
await using var app = McpSaasHost.Build(builder);
await app.StartAsync();
try
{
    using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "push.payload.json"));
    var sequence = 0;
    HttpRequestMessage Next()
    {
        var n = Interlocked.Increment(ref sequence);
        var repo = 186853002 + (n % repos);
        var body = Encoding.UTF8.GetBytes(template
            .Replace("\"id\": 186853002", $"\"id\": {repo}", StringComparison.Ordinal)
            .Replace("6113728f27ae82c7b1a177c8d03f9e96e0adf246", n.ToString("x40", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"pushed_at\": 1557933657", $"\"pushed_at\": {1557933657 + n}", StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        return request;
    }

    async Task<(double Ms, int Status)> SendAsync()
    {
        using var request = Next();
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (clock.Elapsed.TotalMilliseconds, (int)response.StatusCode);
    }

    Console.WriteLine($"warm-up: 200 deliveries…");
    for (var i = 0; i < 200; i++)
    {
        await SendAsync();
    }

    Console.WriteLine($"load: {rate} signed push deliveries/s for {seconds} s across {repos} repositories (job runner {(runner ? "on" : "off")})…");
    var total = rate * seconds;
    var tasks = new List<Task<(double Ms, int Status)>>(total);
    var start = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / rate);
        var wait = due - start.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        tasks.Add(SendAsync());
    }

    var results = await Task.WhenAll(tasks);
    var elapsed = start.Elapsed;
    var latencies = results.Select(r => r.Ms).Order().ToArray();
    double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
    var store = app.Services.GetRequiredService<SqliteStateStore>();
    var stats = await store.GetStatsAsync(CancellationToken.None);
    Console.WriteLine($"sent {total} in {elapsed.TotalSeconds:F1} s ({total / elapsed.TotalSeconds:F0}/s); answers: {string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
    Console.WriteLine($"ack latency ms: p50 {P(0.50):F2}  p90 {P(0.90):F2}  p99 {P(0.99):F2}  max {latencies[^1]:F2}");
    Console.WriteLine($"deliveries recorded {await store.CountDeliveriesAsync(CancellationToken.None)}; jobs handled {handler.Handled}; queue now: {stats.Pending} pending, {stats.Running} running");
}
finally
{
    await app.StopAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(data, recursive: true);
}

return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
