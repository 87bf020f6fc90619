using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using McpSaas.WebhookApi.Tests.TestSupport;

namespace McpSaas.WebhookApi.Tests.Usage;

public sealed class UsageIngestEndpointTests : IDisposable
{
    private readonly McpSaasAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Healthz_AnswersOk()
    {
        using var client = _app.CreateClient();

        var response = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative));

        var instance = McpSaas.Reconciler.State.StatePaths.Instance(_app.DataDirectory);
        Assert.Equal($$"""{"status":"ok","instance":"{{instance}}"}""", response);
        Assert.Matches("^[0-9a-f]{16}$", instance);
    }

    [Fact]
    public async Task NEvents_AreAccepted_AndCountedOnce_WhenTheBatchIsDeliveredTwice()
    {
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();
        var body = Batch(Enumerable.Range(0, 6).Select(i => Event($"e{i}", tool: i < 4 ? "fetch" : "slack_get_users", keyId: "abcdefabcdef")));

        var first = await PostAsync(client, token, body);
        var second = await PostAsync(client, token, body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"accepted":6,"quota":{"limit":5000,"used":6,"exceeded":false}}""", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("""{"accepted":6,"quota":{"limit":5000,"used":6,"exceeded":false}}""", await second.Content.ReadAsStringAsync());
        var report = await _app.Store.GetUsageReportAsync(ServerId.Parse("acme/tools/a"), new UsageMonth(2026, 3), CancellationToken.None);
        Assert.Equal(6, report.Calls);
        Assert.Equal([("fetch", 4L), ("slack_get_users", 2L)], report.ByTool.Select(t => (t.Tool, t.Calls)));
        Assert.Equal(("abcdefabcdef", 6L), (report.ByKey.Single().KeyId, report.ByKey.Single().Calls));
    }

    [Fact]
    public async Task UnknownServer_Is401_ExactlyLikeAWrongToken_NoServerEnumeration()
    {
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();

        var ghost = await PostAsync(client, token, Batch([Event("e1", server: "acme/tools/ghost")]));
        var ghostNoToken = await PostAsync(client, null, Batch([Event("e1", server: "acme/tools/ghost")]));
        var wrong = await PostAsync(client, "mcpu_wrong", Batch([Event("e1")]));

        Assert.Equal(HttpStatusCode.Unauthorized, ghost.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ghostNoToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await ghost.Content.ReadAsStringAsync());
        Assert.Equal(wrong.Headers.WwwAuthenticate.ToString(), ghost.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("ghost", await ghost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsDatedBeforeThePreviousMonth_AreAcknowledged_NotCounted_AndSaidSo()
    {
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();
        var body = Batch(
        [
            Event("now", at: McpSaasAppFactory.Start),
            Event("february", at: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            Event("january", at: new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero)),
            Event("years-ago", at: new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero)),
        ]);

        var response = await PostAsync(client, token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":4,"skipped":2,"quota":{"limit":5000,"used":1,"exceeded":false}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await _app.Store.GetOrgCallsAsync("acme", new UsageMonth(2026, 2), CancellationToken.None));
        Assert.Equal(0, await _app.Store.GetOrgCallsAsync("acme", new UsageMonth(2026, 1), CancellationToken.None));
        Assert.Equal(0, await _app.Store.GetOrgCallsAsync("acme", new UsageMonth(2019, 6), CancellationToken.None));
    }

    [Fact]
    public async Task BadFields_Are400_NamingTheField()
    {
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();

        var response = await PostAsync(client, token, Encoding.UTF8.GetBytes("""{"events":[{"eventId":"e1","serverId":"acme/tools/a","tool":"fetch","ok":"yes","durationMs":1,"ts":1}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("events[0].ok: required, true or false", await ErrorOf(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer mcpu_wrong")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData(null)]
    public async Task WrongOrMissingToken_Is401_AndCountsNothing(string? authorization)
    {
        await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, UsageIngestEndpointsRoute) { Content = new ByteArrayContent(Batch([Event("e1")])) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, await _app.Store.GetOrgCallsAsync("acme", new UsageMonth(2026, 3), CancellationToken.None));
    }

    [Fact]
    public async Task AnotherServersToken_Is401()
    {
        await _app.AddServerAsync("acme/tools/a");
        var otherToken = await _app.AddServerAsync("acme/tools/b");
        using var client = _app.CreateClient();

        var response = await PostAsync(client, otherToken, Batch([Event("e1")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OversizeBody_Is413_WithOrWithoutContentLength()
    {
        _app.Settings["State:MaxUsageBatchBytes"] = "2048";
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();
        var big = Batch(Enumerable.Range(0, 40).Select(i => Event($"event-{i}")));
        Assert.True(big.Length > 2048);

        var withLength = await PostAsync(client, token, big);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, UsageIngestEndpointsRoute) { Content = new StreamContent(new UnknownLengthStream(big)) };
        chunked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var withoutLength = await client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Contains("at most 2048 bytes", await ErrorOf(withLength), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.Equal(0, await _app.Store.GetOrgCallsAsync("acme", new UsageMonth(2026, 3), CancellationToken.None));
    }

    [Fact]
    public async Task TooManyEvents_Is413()
    {
        _app.Settings["State:MaxUsageBatchEvents"] = "3";
        var token = await _app.AddServerAsync("acme/tools/a");
        using var client = _app.CreateClient();

        var response = await PostAsync(client, token, Batch(Enumerable.Range(0, 4).Select(i => Event($"e{i}"))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("4 events; at most 3", await ErrorOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaVerdict_FlipsAtATinyLimit_AndResetsNextMonth()
    {
        var token = await _app.AddServerAsync("acme/tools/a");
        await _app.Store.SetEntitlementAsync("acme", PlanTier.Free, new PlanLimitOverrides { CallsPerMonth = 2 }, CancellationToken.None);
        using var client = _app.CreateClient();

        var one = await ReplyOf(await PostAsync(client, token, Batch([Event("e1")])));
        var two = await ReplyOf(await PostAsync(client, token, Batch([Event("e2")])));
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var april = await ReplyOf(await PostAsync(client, token, Encoding.UTF8.GetBytes("""{"serverId":"acme/tools/a","events":[]}""")));

        Assert.Equal((2L, 1L, false), (one.Quota.Limit, one.Quota.Used, one.Quota.Exceeded));
        Assert.Equal((2L, 2L, true), (two.Quota.Limit, two.Quota.Used, two.Quota.Exceeded));
        Assert.Equal((0L, false), (april.Quota.Used, april.Quota.Exceeded));
    }

    private static readonly Uri UsageIngestEndpointsRoute = new("/api/usage", UriKind.Relative);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? token, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, UsageIngestEndpointsRoute) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<UsageErrorBody>(UsageJsonContext.Default.UsageErrorBody))?.Error;

    private static async Task<UsageReply> ReplyOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(UsageJsonContext.Default.UsageReply))!;
    }

    private static object Event(string id, string server = "acme/tools/a", string tool = "fetch", string? keyId = null, DateTimeOffset? at = null) => new
    {
        eventId = id,
        serverId = server,
        tool,
        keyId,
        ok = true,
        errorKind = (string?)null,
        durationMs = 4,
        ts = (at ?? McpSaasAppFactory.Start).ToUnixTimeMilliseconds(),
    };

    private static byte[] Batch(IEnumerable<object> events) => JsonSerializer.SerializeToUtf8Bytes(new { events = events.ToArray() });

    /// <summary>A stream that hides its length, so the request goes out without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
