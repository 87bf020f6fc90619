using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpSaas.GitHub.Auth;
using McpSaas.GitHub.Tests.Support;
using McpSaas.Testing.Fakes.GitHub;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.GitHub.Tests.Fake;

/// <summary>The fake's reporting endpoints refuse what GitHub refuses (github-app-api.md §3–§5, §7), over plain HTTP, and record every call.</summary>
public sealed class FakeGitHubReportingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly WorkTree _work = new();
    private readonly HttpClient _http = new();
    private FakeGitHub _github = null!;
    private FakeRepository _repository = null!;
    private string _token = "";
    private string _sha = "";

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(new FakeGitHubOptions { Clock = _clock });
        _repository = _github.AddRepository(_github.AddInstallation(77, "acme"), "tools", id: 5);
        _sha = _work.Commit("README.md", "hello\n");
        _repository.PushFrom(_work.Path, "main");
        _repository.SetPullRequestHead(7, _work.Path, "main");
        using var jwt = new AppJwt(_github.PrivateKeyPem, _github.Options.ClientId, _clock);
        _token = (await new OctokitTokenMinter(new GitHubAppOptions { ApiBaseUrl = _github.ApiBaseUrl.ToString() }, jwt).MintAsync(77, CancellationToken.None)).Token.Reveal();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _github.DisposeAsync();
        _work.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_github.BaseUrl, "api/v3/repos/acme/tools/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? _token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private static JsonObject Annotation(int line) => new()
    {
        ["path"] = "team/mcp.yaml", ["start_line"] = line, ["end_line"] = line, ["start_column"] = 3, ["end_column"] = 3,
        ["annotation_level"] = "failure", ["message"] = $"problem {line}",
    };

    private static JsonObject Output(int annotations) => new()
    {
        ["title"] = "t", ["summary"] = "s", ["annotations"] = new JsonArray([.. Enumerable.Range(1, annotations).Select(i => (JsonNode)Annotation(i))]),
    };

    [Fact]
    public async Task CheckRuns_AreCreatedAndUpdated_AnnotationsAppended_MoreThanFiftyInOneRequestIs422()
    {
        var (created, run, _) = await SendAsync(HttpMethod.Post, "check-runs", new JsonObject { ["name"] = "McpSaas", ["head_sha"] = _sha, ["status"] = "in_progress" });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = run!["id"]!.GetValue<long>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Patch, $"check-runs/{id}", new JsonObject { ["output"] = Output(51) })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, $"check-runs/{id}", new JsonObject { ["output"] = Output(50) })).Status);
        var (done, completed, _) = await SendAsync(HttpMethod.Patch, $"check-runs/{id}", new JsonObject { ["status"] = "completed", ["conclusion"] = "failure", ["output"] = Output(2) });

        Assert.Equal(HttpStatusCode.OK, done);
        Assert.Equal(("completed", "failure", 52), (completed!["status"]!.GetValue<string>(), completed["conclusion"]!.GetValue<string>(), completed["output"]!["annotations_count"]!.GetValue<int>()));
        Assert.Equal(52, Assert.Single(_github.CheckRuns).Annotations.Count);
    }

    [Theory]
    [InlineData("{\"name\":\"McpSaas\",\"head_sha\":\"SHA\",\"status\":\"pending\"}")] // reserved for GitHub Actions
    [InlineData("{\"name\":\"McpSaas\",\"head_sha\":\"SHA\",\"status\":\"completed\"}")] // no conclusion
    [InlineData("{\"name\":\"McpSaas\",\"head_sha\":\"0000000000000000000000000000000000000001\"}")] // unknown commit
    [InlineData("{\"head_sha\":\"SHA\"}")] // no name
    [InlineData("{\"name\":\"McpSaas\",\"head_sha\":\"SHA\",\"output\":{\"title\":\"t\"}}")] // no summary
    [InlineData("{\"name\":\"McpSaas\",\"head_sha\":\"SHA\",\"output\":{\"title\":\"t\",\"summary\":\"s\",\"annotations\":[{\"path\":\"a\",\"start_line\":1,\"end_line\":2,\"start_column\":1,\"annotation_level\":\"failure\",\"message\":\"m\"}]}}")] // columns over several lines
    public async Task CheckRuns_WhatGitHubRefuses_Is422(string body)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, "check-runs", JsonNode.Parse(body.Replace("SHA", _sha, StringComparison.Ordinal)))).Status);
        Assert.Empty(_github.CheckRuns);
    }

    [Fact]
    public async Task CheckRunSummary_Over65535Characters_Is422()
    {
        var body = new JsonObject { ["name"] = "McpSaas", ["head_sha"] = _sha, ["output"] = new JsonObject { ["title"] = "t", ["summary"] = new string('x', 65_536) } };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, "check-runs", body)).Status);
    }

    [Fact]
    public async Task Statuses_DescriptionOver140Characters_Is422_ABadState_Is422()
    {
        JsonObject Status(string description, string state = "success") => new() { ["state"] = state, ["description"] = description, ["context"] = "mcpsaas/team" };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", Status(new string('d', 141)))).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", Status("ok", "done"))).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", Status(new string('d', 140)))).Status);
        Assert.Equal(new string('d', 140), Assert.Single(_github.Statuses).Description);
    }

    [Fact]
    public async Task Comments_AreListedInPages_CreatedAndUpdated_ABodyOver65536Characters_Is422()
    {
        for (var i = 0; i < 3; i++)
        {
            _github.AddComment(_repository, 7, $"comment {i}");
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, "issues/7/comments", new JsonObject { ["body"] = new string('b', 65_537) })).Status);
        var (created, comment, _) = await SendAsync(HttpMethod.Post, "issues/7/comments", new JsonObject { ["body"] = new string('b', 65_536) });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Bot", comment!["user"]!["type"]!.GetValue<string>());
        var id = comment["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Patch, $"issues/comments/{id}", new JsonObject { ["body"] = new string('b', 65_537) })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, $"issues/comments/{id}", new JsonObject { ["body"] = "edited" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, $"issues/comments/{_github.Comments[0].Id}", new JsonObject { ["body"] = "not mine" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "issues/8/comments", new JsonObject { ["body"] = "no such pull request" })).Status);

        var (_, page1, response) = await SendAsync(HttpMethod.Get, "issues/7/comments?per_page=2", null);
        Assert.Equal(2, page1!.AsArray().Count);
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var (_, page2, _) = await SendAsync(HttpMethod.Get, "issues/7/comments?per_page=2&page=2", null);
        Assert.Equal("edited", page2!.AsArray()[1]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task EightyContentRequestsAMinute_TheNextIs403WithRetryAfter_ReadsAreNotCounted_AndAllAreRecorded()
    {
        for (var i = 0; i < 80; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success", ["context"] = $"c{i % 5}" })).Status);
            _clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        var (limited, body, response) = await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success", ["context"] = "c0" });
        Assert.Equal(HttpStatusCode.Forbidden, limited);
        Assert.Contains("secondary rate limit", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"commits/{_sha}/statuses", null)).Status);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success", ["context"] = "c0" })).Status);
        Assert.Equal(81, _github.Statuses.Count);
        Assert.Equal(83, _github.Calls.Count(c => c.Path.Contains("/statuses", StringComparison.Ordinal)));
        Assert.Single(_github.Calls, c => c.Status == 403);
    }

    [Fact]
    public async Task Faults_AndTokens_AreChecked_BeforeAnything()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success" }, "ghs_wrong")).Status);
        _github.ReportingDown = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success" })).Status);
        _github.ReportingDown = false;
        _github.InjectFault(FakeFault.PrimaryRateLimit(Now.AddMinutes(10)));
        var (status, _, response) = await SendAsync(HttpMethod.Post, $"statuses/{_sha}", new JsonObject { ["state"] = "success" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal(Now.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("x-ratelimit-reset").Single());
        Assert.Empty(_github.Statuses);
    }
}
