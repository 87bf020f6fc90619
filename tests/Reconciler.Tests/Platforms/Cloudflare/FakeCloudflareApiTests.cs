using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpSaas.Testing.Fakes.Cloudflare;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>
/// The fake refuses what the real API refuses (cloudflare-workers-api.md), seen with raw HTTP: the client never sends
/// most of these, so its own tests could not show them.
/// </summary>
public sealed class FakeCloudflareApiTests : IAsyncLifetime
{
    private const string Main = "export class McpSession {}\nexport class McpLimiter {}\nexport default { fetch() { return new Response(\"ok\"); } };\n";
    private static readonly HttpClient Http = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
    private FakeCloudflareApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions { RunWorkers = false, Clock = _time, RateLimit = 50 });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task NoToken_Is401_AndAWrongToken403_BothCode10000()
    {
        var none = await SendAsync(HttpMethod.Get, "/workers/scripts", token: "");
        var wrong = await SendAsync(HttpMethod.Get, "/workers/scripts", token: "nope");

        Assert.Equal((HttpStatusCode.Unauthorized, 10000), (none.Status, none.Code));
        Assert.Equal((HttpStatusCode.Forbidden, 10000), (wrong.Status, wrong.Code));
        Assert.False(none.Json.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, none.Json.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task AnotherAccount_IsRefused_AndAnUnknownPath_Is7003()
    {
        var other = await SendAsync(HttpMethod.Get, "/workers/scripts", account: "ffffffffffffffffffffffffffffffff");
        var unknown = await SendAsync(HttpMethod.Get, "/workers/nothing-here");
        var method = await SendAsync(HttpMethod.Post, "/workers/scripts");

        Assert.Equal((HttpStatusCode.Forbidden, 10000), (other.Status, other.Code));
        Assert.Equal((HttpStatusCode.NotFound, 7003), (unknown.Status, unknown.Code));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.Status);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has.dot")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task ABadScriptName_Is10016(string name)
    {
        var answer = await UploadAsync(Metadata(), name);

        Assert.Equal((HttpStatusCode.BadRequest, 10016), (answer.Status, answer.Code));
    }

    public static TheoryData<string, int, string> BadMetadata => new()
    {
        { """{"compatibility_date":"2026-11-01"}""", 10021, "main_module is required" },
        { """{"main_module":"other.mjs","compatibility_date":"2026-11-01"}""", 10021, "No such module" },
        { """{"main_module":"main.mjs"}""", 10021, "compatibility_date is missing" },
        { """{"main_module":"main.mjs","compatibility_date":"soon"}""", 10021, "is not a date" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"magic","name":"A"}]}""", 10021, "Unknown binding type 'magic'" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"secret_text","name":"A"}]}""", 10021, "needs a text" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"plain_text","name":"A"}]}""", 10021, "needs a text" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"json","name":"A","json":1},{"type":"json","name":"A","json":2}]}""", 10021, "used more than once" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"service","name":"S","service":"nobody"}]}""", 10021, "does not exist" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","tags":["a","b","c","d","e","f","g","h","i"]}""", 10021, "at most 8 tags" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","tags":["a,b"]}""", 10021, "must not be empty or contain ','" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","tags":["a&b"]}""", 10021, "or '&'" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"durable_object_namespace","name":"D","class_name":"McpSession"}]}""", 10061, "not currently configured to implement Durable Objects" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","migrations":{"new_tag":"v1","new_sqlite_classes":["Missing"]}}""", 10070, "not exported by script" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","migrations":{"new_tag":"v1","new_classes":["McpSession"]}}""", 10097, "new_sqlite_classes" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","migrations":{"old_tag":"v0","new_tag":"v1","new_sqlite_classes":["McpSession"]}}""", 10079, "precondition failed" },
        { """{"main_module":"main.mjs","compatibility_date":"2026-11-01","bindings":[{"type":"inherit","name":"A"}]}""", 10057, "could not be inherited" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task AnUploadTheApiRefuses_IsRefused_WithItsCode(string metadata, int code, string message)
    {
        var answer = await UploadAsync(metadata);

        Assert.Equal(code, answer.Code);
        Assert.Contains(message, answer.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Scripts);
    }

    [Fact]
    public async Task AnInheritBindingThatCannotBeResolved_IsDropped_WithoutStrict()
    {
        var answer = await UploadAsync(Metadata(bindings: """[{"type":"inherit","name":"A"}]"""), query: "");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(_fake.Script("mcp-a")!.Bindings);
    }

    [Fact]
    public async Task AModulePartWithFilenameStar_OrAnUnknownContentType_IsRefused()
    {
        var star = await UploadAsync(Metadata(), partHeader: "Content-Disposition: form-data; name=\"main.mjs\"; filename=\"main.mjs\"; filename*=utf-8''main.mjs");
        var type = await UploadAsync(Metadata(), contentType: "text/html");
        var notMultipart = await SendAsync(HttpMethod.Put, "/workers/scripts/mcp-a", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Contains("filename*", star.Message, StringComparison.Ordinal);
        Assert.Contains("content type 'text/html'", type.Message, StringComparison.Ordinal);
        Assert.Equal(10021, notMultipart.Code);
    }

    [Fact]
    public async Task AMigrationAlreadyApplied_CannotBeRepeated()
    {
        var migrated = Metadata(migrations: """{"new_tag":"v1","new_sqlite_classes":["McpSession"]}""");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(migrated)).Status);

        var again = await UploadAsync(Metadata(migrations: """{"old_tag":"v1","new_tag":"v2","new_sqlite_classes":["McpSession"]}"""));
        var stale = await UploadAsync(migrated);
        var dropped = await UploadAsync(Metadata(), main: "export default { fetch() { return new Response(\"no classes\"); } };\n");

        Assert.Equal(10074, again.Code);
        Assert.Equal((HttpStatusCode.PreconditionFailed, 10079), (stale.Status, stale.Code));
        Assert.Contains("current tag is 'v1'", stale.Message, StringComparison.Ordinal);
        Assert.Equal(10064, dropped.Code);
        Assert.Equal("v1", _fake.Script("mcp-a")!.MigrationTag);
    }

    [Fact]
    public async Task EveryUpload_GetsANewEtag_EvenOfTheSameBytes()
    {
        var first = await UploadAsync(Metadata());
        var second = await UploadAsync(Metadata());

        Assert.NotEqual(first.Json.GetProperty("result").GetProperty("etag").GetString(), second.Json.GetProperty("result").GetProperty("etag").GetString());
        Assert.Equal(first.Json.GetProperty("result").GetProperty("tag").GetString(), second.Json.GetProperty("result").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Settings_NeverReturnSecretValues()
    {
        await UploadAsync(Metadata(bindings: """[{"type":"secret_text","name":"INLINE","text":"inline-value-123"}]"""));
        await SendAsync(HttpMethod.Put, "/workers/scripts/mcp-a/secrets", Json("""{"name":"PUT_ONE","text":"put-value-456","type":"secret_text"}"""));
        await SendAsync(HttpMethod.Patch, "/workers/scripts/mcp-a/secrets-bulk", Json("""{"secrets":{"BULK":{"type":"secret_text","text":"bulk-value-789"}}}"""));

        var settings = await SendAsync(HttpMethod.Get, "/workers/scripts/mcp-a/settings");
        var list = await SendAsync(HttpMethod.Get, "/workers/scripts");

        Assert.Equal(HttpStatusCode.OK, settings.Status);
        foreach (var value in new[] { "inline-value-123", "put-value-456", "bulk-value-789" })
        {
            Assert.DoesNotContain(value, settings.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(value, list.Text, StringComparison.Ordinal);
        }

        var names = settings.Json.GetProperty("result").GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "secret_text").Select(b => b.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["BULK", "INLINE", "PUT_ONE"], names);
    }

    [Fact]
    public async Task AnUploadWithoutKeepBindings_DropsSecrets_AndWithItKeepsThem()
    {
        await UploadAsync(Metadata());
        await SendAsync(HttpMethod.Put, "/workers/scripts/mcp-a/secrets", Json("""{"name":"TOKEN","text":"t-value","type":"secret_text"}"""));

        await UploadAsync(Metadata(keep: """["secret_text"]"""));
        Assert.Equal("t-value", _fake.Script("mcp-a")!.Secrets["TOKEN"]);

        await UploadAsync(Metadata());
        Assert.Empty(_fake.Script("mcp-a")!.Secrets);
    }

    [Fact]
    public async Task TheRateLimit_Is429WithRetryAfter_OnTheFakeClock()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/workers/scripts")).Status);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var limited = await SendAsync(HttpMethod.Get, "/workers/scripts");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(250), limited.RetryAfter); // the first of the 50 leaves the 5-minute window then
        _time.Advance(TimeSpan.FromSeconds(250));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/workers/scripts")).Status);
    }

    [Fact]
    public async Task TheDefaultRateLimit_Is1200Per5Minutes()
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions { RunWorkers = false, Clock = _time });
        HttpRequestMessage NewRequest() => new HttpRequestMessage(HttpMethod.Get, $"{fake.BaseUrl}/accounts/{fake.AccountId}/workers/subdomain")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", fake.ApiToken) },
        };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 1201; i++)
        {
            using var message = NewRequest();
            using var response = await Http.SendAsync(message);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(1200, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Faults_AreInjected_AtTheConfiguredRate_WithASeed()
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions
        {
            RunWorkers = false, Clock = _time, FaultRate = 0.3, FaultSeed = 7, Faults = FakeFault.RateLimited | FakeFault.ServerError | FakeFault.ConcurrentModification,
        });
        for (var i = 0; i < 200; i++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, $"{fake.BaseUrl}/accounts/{fake.AccountId}/workers/scripts")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", fake.ApiToken) },
            };
            using var response = await Http.SendAsync(message);
        }

        var faults = fake.Requests.Where(r => r.Fault != FakeFault.None).ToList();
        Assert.InRange(faults.Count, 40, 80);
        Assert.Contains(faults, f => f is { Status: 429, ErrorCode: 971 });
        Assert.Contains(faults, f => f.Status == 500);
        Assert.Contains(faults, f => f is { Status: 409, ErrorCode: 10035 });
    }

    [Fact]
    public async Task ScriptsUploadingTheSameModule_ShareItsBytes_AndBodiesNeedNotBeRecorded()
    {
        await using var fake = await FakeCloudflareApi.StartAsync(new FakeCloudflareOptions { RunWorkers = false, RecordRequestBodies = false });
        var previous = _fake;
        _fake = fake;
        try
        {
            await UploadAsync(Metadata(), "mcp-a");
            await UploadAsync(Metadata(), "mcp-b");
        }
        finally
        {
            _fake = previous;
        }

        Assert.Same(fake.Script("mcp-a")!.Modules[0].Content, fake.Script("mcp-b")!.Modules[0].Content);
        Assert.All(fake.Requests, r => Assert.Empty(r.Body));
    }

    [Fact]
    public async Task Delete_AMissingScript_Is10007With404()
    {
        var answer = await SendAsync(HttpMethod.Delete, "/workers/scripts/mcp-none");

        Assert.Equal((HttpStatusCode.NotFound, 10007), (answer.Status, answer.Code));
    }

    [Fact]
    public async Task EveryRequest_IsRecorded_AsItCame()
    {
        await SendAsync(HttpMethod.Put, "/workers/scripts/mcp-a/secrets", Json("""{"name":"A","text":"v","type":"secret_text"}"""));

        var recorded = Assert.Single(_fake.Requests);
        Assert.Equal("PUT", recorded.Method);
        Assert.Equal($"/accounts/{_fake.AccountId}/workers/scripts/mcp-a/secrets", recorded.Path);
        Assert.Equal("""{"name":"A","text":"v","type":"secret_text"}""", recorded.BodyText);
        Assert.Equal($"Bearer {_fake.ApiToken}", recorded.Headers["Authorization"]);
        Assert.True(recorded.IsSecretBody);
        Assert.Equal((404, 10007), (recorded.Status, recorded.ErrorCode));
        Assert.Equal(_time.GetUtcNow(), recorded.At);
    }

    private static string Metadata(string? migrations = null, string? bindings = null, string? keep = null) =>
        $$"""{"main_module":"main.mjs","compatibility_date":"2026-11-01"{{(migrations is null ? "" : $",\"migrations\":{migrations}")}}{{(bindings is null ? "" : $",\"bindings\":{bindings}")}}{{(keep is null ? "" : $",\"keep_bindings\":{keep}")}}}""";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<Answer> UploadAsync(string metadata, string script = "mcp-a", string? partHeader = null, string contentType = "application/javascript+module", string main = Main, string query = "?bindings_inherit=strict")
    {
        const string boundary = "b0undary";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{metadata}\r\n"
            + $"--{boundary}\r\n{partHeader ?? "Content-Disposition: form-data; name=\"main.mjs\"; filename=\"main.mjs\""}\r\nContent-Type: {contentType}\r\n\r\n{main}\r\n"
            + $"--{boundary}--\r\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return SendAsync(HttpMethod.Put, $"/workers/scripts/{script}{query}", content);
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = null, string? account = null)
    {
        using var request = new HttpRequestMessage(method, $"{_fake.BaseUrl}/accounts/{account ?? _fake.AccountId}{path}") { Content = content };
        if ((token ?? _fake.ApiToken) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement.Clone();
        var error = json.GetProperty("errors").EnumerateArray().FirstOrDefault();
        return new Answer(response.StatusCode, text, json,
            error.ValueKind == JsonValueKind.Object ? error.GetProperty("code").GetInt32() : null,
            error.ValueKind == JsonValueKind.Object ? error.GetProperty("message").GetString()! : "",
            response.Headers.RetryAfter?.Delta);
    }

    private sealed record Answer(HttpStatusCode Status, string Text, JsonElement Json, int? Code, string Message, TimeSpan? RetryAfter);
}
