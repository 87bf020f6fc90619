using System.Net;
using McpSaas.GitHub.Reporting;
using Octokit;

namespace McpSaas.GitHub.Tests.Reporting;

/// <summary>The pure parts of reporting: failure classification, descriptions, cutting Markdown, options.</summary>
public sealed class ReportingUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static ApiException Api(HttpStatusCode status, string message, params (string Name, string Value)[] headers) =>
        new(new CannedResponse(status, $"{{\"message\":\"{message}\"}}", headers.ToDictionary(h => h.Name, h => h.Value)));

    public static TheoryData<HttpStatusCode, string, (string, string)[], string, int?> Failures() => new()
    {
        { HttpStatusCode.BadGateway, "Server Error", [], "Transient", 8 },
        { HttpStatusCode.ServiceUnavailable, "down", [("Retry-After", "120")], "Transient", 120 },
        { HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit", [("retry-after", "30")], "RateLimited", 30 },
        { HttpStatusCode.Forbidden, "API rate limit exceeded", [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", Now.AddMinutes(7).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))], "RateLimited", 420 },
        { HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit", [], "RateLimited", 60 },
        { (HttpStatusCode)429, "slow down", [], "RateLimited", 60 },
        { HttpStatusCode.Forbidden, "Resource not accessible by integration", [], "Permanent", null },
        { HttpStatusCode.UnprocessableEntity, "Validation Failed", [], "Permanent", null },
        { HttpStatusCode.NotFound, "Not Found", [], "Permanent", null },
        { HttpStatusCode.Unauthorized, "Bad credentials", [], "Transient", 8 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_AreClassified_AndWaitWhatGitHubSays(HttpStatusCode status, string message, (string, string)[] headers, string kind, int? waitSeconds)
    {
        var failure = GitHubFailure.Classify(Api(status, message, headers), Now, TimeSpan.FromSeconds(8));

        Assert.Equal(Enum.Parse<GitHubFailureKind>(kind), failure.Kind);
        Assert.Equal(waitSeconds is { } s ? Now.AddSeconds(s) : null, failure.RetryAt);
    }

    [Fact]
    public void NetworkFailures_AreTransient_WithTheBackoff()
    {
        Assert.Equal((GitHubFailureKind.Transient, Now.AddSeconds(5)), (GitHubFailure.Classify(new HttpRequestException("connection refused"), Now, TimeSpan.FromSeconds(5)) is var f ? (f.Kind, f.RetryAt) : default));
        Assert.Equal(GitHubFailureKind.Transient, GitHubFailure.Classify(new TaskCanceledException("timeout"), Now, TimeSpan.FromSeconds(5)).Kind);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(140, 140)]
    [InlineData(141, 140)]
    [InlineData(500, 140)]
    public void StatusDescription_IsAtMost140Characters(int length, int expected)
    {
        var description = CommitStatuses.Description(new string('x', length));

        Assert.Equal(expected, description.Length);
        Assert.Equal(length > 140, description.EndsWith('…'));
    }

    [Fact]
    public void StatusDescription_NeverSplitsASurrogatePair()
    {
        var description = CommitStatuses.Description(new string('x', 138) + "😀😀😀");

        Assert.True(description.Length <= 140);
        Assert.False(char.IsHighSurrogate(description[^2]));
    }

    [Fact]
    public void MarkdownCut_KeepsWholeLines_ClosesAnOpenFenceAndDetails_AndSaysWhatWasCut()
    {
        var text = "# Plan\n<details><summary>x</summary>\n\n```diff\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"+ line {i:D5} of the plan\n")) + "```\n</details>\n";

        var cut = MarkdownCut.Fit(text, 20_000, "See the check run.");

        Assert.True(cut.Length <= 20_000);
        Assert.Contains("✂️ **Cut here**", cut, StringComparison.Ordinal);
        Assert.Contains("See the check run.", cut, StringComparison.Ordinal);
        Assert.Equal(0, cut.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        Assert.Contains("</details>", cut, StringComparison.Ordinal);
        var lines = cut.Split('\n');
        Assert.All(lines.Where(l => l.StartsWith("+ line", StringComparison.Ordinal)), l => Assert.Matches(@"^\+ line \d{5} of the plan$", l));
        Assert.Equal(text, MarkdownCut.Fit(text, text.Length, "x"));
    }

    [Theory]
    [InlineData("https://mcpsaas.example.com", true)]
    [InlineData("http://127.0.0.1:8080/", true)]
    [InlineData("mcpsaas.example.com", false)]
    [InlineData("ftp://mcpsaas.example.com", false)]
    [InlineData("https://mcpsaas.example.com/?x=1", false)]
    public void Options_PublicBaseUrl_MustBeAnHttpUrl_NamingTheKey(string url, bool valid)
    {
        var result = new GitHubReportingOptionsValidator().Validate(null, new GitHubReportingOptions { PublicBaseUrl = url });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("MCPSAAS_PublicBaseUrl", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_EachBadValue_NamesItsKeyAndTheFix()
    {
        var result = new GitHubReportingOptionsValidator().Validate(null, new GitHubReportingOptions
        {
            AggregateAbove = 0,
            ContentRequestsPerMinute = 81,
            ContentRequestsPerHour = 501,
            RetryBaseDelay = TimeSpan.FromMinutes(20),
        });

        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("MCPSAAS_Reporting__AggregateAbove", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("MCPSAAS_Reporting__ContentRequestsPerMinute", StringComparison.Ordinal));
    }

    [Fact]
    public void ContentPacer_TakesAtMostTheBudgetPerMinute_AndSaysWhenASlotFrees()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var pacer = new ContentPacer(clock, perMinute: 2, perHour: 3);

        Assert.True(pacer.TryTake(out _));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(pacer.TryTake(out _));
        Assert.False(pacer.TryTake(out var free));
        Assert.Equal(Now.AddMinutes(1), free);
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(pacer.TryTake(out _));
        Assert.False(pacer.TryTake(out free));
        Assert.Equal(Now.AddHours(1), free); // three an hour
    }

    private sealed class CannedResponse(HttpStatusCode status, string body, IReadOnlyDictionary<string, string> headers) : IResponse
    {
        public object Body => body;

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo => null!;

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
