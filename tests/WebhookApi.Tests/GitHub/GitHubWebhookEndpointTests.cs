using System.Net;
using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.WebhookApi.Tests.TestSupport;

namespace McpSaas.WebhookApi.Tests.GitHub;

public sealed class GitHubWebhookEndpointTests : IDisposable
{
    private readonly GitOpsAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Ping_SignedWithTheDocumentedVector_Is200()
    {
        using var client = _app.CreateClient();
        var body = Encoding.UTF8.GetBytes("Hello, World!");

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("ping", "p-1", body,
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", Json(await response.Content.ReadAsStringAsync()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")] // signs another body
    [InlineData("sha256=nothex")]
    public async Task Delivery_WithoutAValidSignature_Is401_AndStoresNothing(string? signature)
    {
        using var client = _app.CreateClient();
        using var request = GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push(), signature ?? "x");
        if (signature is null)
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await _app.Store.CountDeliveriesAsync(CancellationToken.None));
        Assert.Empty(await _app.JobsAsync());
        Assert.Null(await _app.Store.GetRepositoryAsync(186853002, CancellationToken.None));
    }

    [Fact]
    public async Task Delivery_DeclaredOver25MB_Is413_WithoutBeingRead()
    {
        using var client = _app.CreateClient();
        var body = new byte[(25 * 1024 * 1024) + 1];

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "big-1", body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _app.Store.CountDeliveriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Delivery_StreamedOver25MB_WithoutALength_Is413()
    {
        _app.UseKestrel(0); // a real socket, so the body really arrives chunked, without Content-Length
        _app.StartServer();
        using var client = _app.CreateClient();
        var body = new byte[(25 * 1024 * 1024) + 1];
        using var request = GitOpsAppFactory.Delivery("push", "big-2", body);
        request.Content = new StreamContent(new NonSeekableStream(body));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _app.Store.CountDeliveriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Push_ToTheDefaultBranch_Is202_WithTheJobStoredBeforeTheAnswer()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        Assert.Equal("push to master → reconcile at 6113728", answer.GetProperty("summary").GetString());
        var job = Assert.Single(await _app.JobsAsync());
        Assert.Equal(answer.GetProperty("jobs")[0].GetInt64(), job.Id);
        Assert.Equal((JobKind.Reconcile, JobState.Pending, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "d-1"), (job.Kind, job.State, job.CommitSha, job.DeliveryId));
        var repository = await _app.Store.GetRepositoryAsync(186853002, CancellationToken.None);
        Assert.Equal(("Codertocat", "Hello-World", 1L), (repository!.Owner, repository.Name, repository.InstallationId));
    }

    [Fact]
    public async Task Redelivery_OfTheSameDeliveryId_IsAcknowledged_AndIgnored()
    {
        using var client = _app.CreateClient();
        using var first = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push()));
        var job = Assert.Single(await _app.JobsAsync());
        var claimed = await _app.Store.ClaimAsync("t", TimeSpan.FromMinutes(5), CancellationToken.None);
        await _app.Store.CompleteAsync(claimed!.Id, "t", null, CancellationToken.None);

        using var again = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push()));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", Json(await again.Content.ReadAsStringAsync()).GetProperty("status").GetString());
        Assert.Equal(job.Id, Assert.Single(await _app.JobsAsync()).Id);
        Assert.Equal(1, await _app.Store.CountDeliveriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Push_ToAnotherBranch_QueuesNothing()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Payloads.Push(reference: "refs/heads/feature")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("ignored: push to refs/heads/feature", Json(await response.Content.ReadAsStringAsync()).GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _app.JobsAsync());
    }

    [Fact]
    public async Task Pushes_ArrivingOutOfOrder_KeepOnlyTheNewestHead()
    {
        using var client = _app.CreateClient();
        const string older = "1111111111111111111111111111111111111111";
        const string newer = "2222222222222222222222222222222222222222";

        using var a = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-new", Payloads.Push(after: newer, before: older, pushedAt: 1557933700)));
        using var b = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-old", Payloads.Push(after: older, pushedAt: 1557933600)));

        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        Assert.Equal(newer, Assert.Single(await _app.JobsAsync()).CommitSha);
    }

    [Fact]
    public async Task PullRequest_FromAFork_QueuesAPlanOnly()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("pull_request", "d-1", Payloads.Read("adapted/pull_request-opened-from-fork.payload.json")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = Assert.Single(await _app.JobsAsync());
        Assert.Equal((JobKind.Plan, 2, true), (job.Kind, job.PullRequestNumber, job.FromFork));
    }

    [Fact]
    public async Task InstallationEvents_RecordTheOrgAndRepositories_ByGitHubIds()
    {
        using var client = _app.CreateClient();

        using var created = await client.SendAsync(GitOpsAppFactory.Delivery("installation", "d-1", Payloads.Read("installation/created.payload.json")));
        using var added = await client.SendAsync(GitOpsAppFactory.Delivery("installation_repositories", "d-2", Payloads.Read("installation_repositories/added.payload.json")));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        var installation = await _app.Store.GetInstallationAsync(957387, CancellationToken.None);
        Assert.Equal(("Codertocat", InstallationStatus.Active), (installation!.AccountLogin, installation.Status));
        Assert.Equal(["Hello-World", "Space"], (await _app.Store.ListRepositoriesAsync(957387, CancellationToken.None)).Select(r => r.Name));
        Assert.Equal(2, (await _app.JobsAsync()).Count);
    }

    [Fact]
    public async Task ValidlySignedButUnreadablePayload_Is400_AndStoresNothing()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(GitOpsAppFactory.Delivery("push", "d-1", Encoding.UTF8.GetBytes("{\"ref\": ")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _app.Store.CountDeliveriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Delivery_WithoutADeliveryId_Is400()
    {
        using var client = _app.CreateClient();
        using var request = GitOpsAppFactory.Delivery("push", "x", Payloads.Push());
        request.Headers.Remove("X-GitHub-Delivery");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    /// <summary>A body of unknown length (sent chunked).</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
