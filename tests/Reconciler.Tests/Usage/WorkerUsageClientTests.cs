using System.Net;
using System.Text;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.Tests.Usage;

public sealed class WorkerUsageClientTests
{
    private static readonly SensitiveToken Token = new("mcpu_test-token");

    [Fact]
    public async Task Flush_PostsToTheServersUsageRoute_WithItsUsageToken_AndReadsTheStatus()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """
            {"serverId":"acme/tools/a","sent":3,"pending":2,"dropped":1,"failures":0,"nextAttemptAt":"2026-03-14T09:30:00.500Z",
             "lastDeliveryAt":"2026-03-14T09:30:00.000Z","lastError":null,"quota":{"limit":3},"projected":{"used":3,"remaining":0,"refusing":"exceeded","stale":false},"future":1}
            """);
        using var http = new HttpClient(handler);

        var result = await new WorkerUsageClient(http).FlushAsync("http://127.0.0.1:8790/acme/tools/a/", Token, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, "http://127.0.0.1:8790/acme/tools/a/_mcpsaas/usage/flush", "Bearer mcpu_test-token"), (request.Method, request.Uri, request.Authorization));
        var status = result.Status!;
        Assert.Equal((2L, 1L, 0), (status.Pending, status.Dropped, status.Failures));
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 30, 0, 500, TimeSpan.Zero), status.NextAttemptAt);
        Assert.Equal(("exceeded", 0L), (status.Projected!.Refusing, status.Projected.Remaining));
    }

    [Fact]
    public async Task Status_IsAGet_AndA404SaysTheTokenOrRuntimeIsNotTheRightOne()
    {
        var handler = new RecordingHandler(HttpStatusCode.NotFound, """{"error":"x"}""");
        using var http = new HttpClient(handler);

        var result = await new WorkerUsageClient(http).StatusAsync("http://127.0.0.1:8790/acme/tools/a", Token, CancellationToken.None);

        Assert.Equal(HttpMethod.Get, Assert.Single(handler.Requests).Method);
        Assert.Null(result.Status);
        Assert.Contains("does not answer its usage route", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("mcpu_test-token", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}", "HTTP 500")]
    [InlineData(HttpStatusCode.OK, "not json", "not valid JSON")]
    public async Task OtherAnswers_AreErrors_NotExceptions(HttpStatusCode code, string body, string expected)
    {
        using var http = new HttpClient(new RecordingHandler(code, body));

        var result = await new WorkerUsageClient(http).StatusAsync("http://127.0.0.1:8790/acme/tools/a", Token, CancellationToken.None);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANobodyListening_IsAnError_NotAnException()
    {
        using var http = new HttpClient();
        var port = LoopbackPorts.Any(); // free now: nothing listens there

        var result = await new WorkerUsageClient(http).StatusAsync($"http://127.0.0.1:{port}/acme/tools/a", Token, CancellationToken.None);

        Assert.Contains("cannot be reached", result.Error, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(HttpStatusCode code, string body) : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString()));
            return Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
