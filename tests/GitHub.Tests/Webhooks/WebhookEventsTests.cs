using System.Text;
using McpSaas.GitHub.Tests.Support;
using McpSaas.GitHub.Webhooks;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;

namespace McpSaas.GitHub.Tests.Webhooks;

/// <summary>Every real payload fixture parsed to the records and jobs it must cause.</summary>
public sealed class WebhookEventsTests
{
    [Fact]
    public void Push_ToTheDefaultBranch_QueuesAReconcileAtThatCommit()
    {
        var effect = Parse("push", "push/with-new-branch.payload.json");

        var job = Assert.Single(effect.Jobs);
        Assert.Equal(JobKind.Reconcile, job.Kind);
        Assert.Equal("gh:186853002", job.RepoKey);
        Assert.Equal(186853002, job.RepositoryId);
        Assert.Equal(1, job.InstallationId);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", job.CommitSha);
        Assert.Null(job.BeforeSha); // a new branch: before is 40 zeros
        Assert.Equal(1557933657, job.Order); // repository.pushed_at (Unix seconds in push payloads)
        var repository = Assert.Single(effect.Repositories);
        Assert.Equal(("Codertocat", "Hello-World", "master"), (repository.Owner, repository.Name, repository.DefaultBranch));
        Assert.Equal("push to master → reconcile at 6113728", effect.Summary);
    }

    [Fact]
    public void Push_ToAnotherBranch_QueuesNothing()
    {
        var payload = Encoding.UTF8.GetString(Payloads.Read("push/with-new-branch.payload.json"))
            .Replace("\"ref\": \"refs/heads/master\"", "\"ref\": \"refs/heads/feature\"", StringComparison.Ordinal);
        Assert.Contains("refs/heads/feature", payload, StringComparison.Ordinal);

        var effect = Parse("push", Encoding.UTF8.GetBytes(payload));

        Assert.Empty(effect.Jobs);
        Assert.StartsWith("ignored: push to refs/heads/feature, not the default branch master", effect.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("push/with-installation.payload.json")] // a tag deleted
    [InlineData("push/payload.json")] // no installation: not sent to an App
    public void Push_OfADeletedTagOrWithoutInstallation_QueuesNothing(string fixture)
    {
        var effect = Parse("push", fixture);

        Assert.Empty(effect.Jobs);
        Assert.StartsWith("ignored:", effect.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull_request/opened.payload.json")]
    [InlineData("pull_request/reopened.payload.json")]
    [InlineData("pull_request/synchronize.payload.json")]
    public void PullRequest_OpenedSynchronizeReopened_QueuesAPlanOfTheHead(string fixture)
    {
        var effect = Parse("pull_request", fixture);

        var job = Assert.Single(effect.Jobs);
        Assert.Equal(JobKind.Plan, job.Kind);
        Assert.Equal(2, job.PullRequestNumber);
        Assert.Equal("ec26c3e57ca3a959ca5aad62de7213c562f8c821", job.CommitSha);
        Assert.False(job.FromFork);
        Assert.Equal("gh:186853002/pr/2", job.CoalesceKey);
        Assert.NotNull(job.Order);
    }

    [Fact]
    public void PullRequest_FromAFork_IsMarkedAsFromAFork()
    {
        var job = Assert.Single(Parse("pull_request", "adapted/pull_request-opened-from-fork.payload.json").Jobs);

        Assert.True(job.FromFork);
        Assert.Equal("1111111111111111111111111111111111111111", job.CommitSha);
        Assert.Equal("gh:186853002", job.RepoKey); // planned in the base repository, where GitHub keeps refs/pull/N/head
    }

    [Fact]
    public void PullRequest_Closed_QueuesNothing()
    {
        Assert.Empty(Parse("pull_request", "pull_request/closed.payload.json").Jobs);
    }

    [Fact]
    public void Installation_Created_RecordsTheOrgAndItsRepositories_AndReconcilesEach()
    {
        var effect = Parse("installation", "installation/created.payload.json");

        Assert.Equal(new InstallationSeen
        {
            InstallationId = 957387,
            AccountId = 21031067,
            AccountLogin = "Codertocat",
            AccountType = "User",
            RepositorySelection = "selected",
            Status = InstallationStatus.Active,
        }, effect.Installation);
        var repository = Assert.Single(effect.Repositories);
        Assert.Equal((186853002L, 957387L, "Codertocat", "Hello-World", false), (repository.RepositoryId, repository.InstallationId, repository.Owner, repository.Name, repository.Removed));
        var job = Assert.Single(effect.Jobs);
        Assert.Equal((JobKind.Reconcile, "gh:186853002", (string?)null), (job.Kind, job.RepoKey, job.CommitSha));
    }

    [Theory]
    [InlineData("installation/deleted.payload.json", 2L, InstallationStatus.Deleted)]
    [InlineData("installation/suspend.payload.json", 16598467L, InstallationStatus.Suspended)]
    [InlineData("installation/unsuspend.payload.json", 16598467L, InstallationStatus.Active)]
    public void Installation_DeletedSuspendUnsuspend_RecordsTheStatus_AndReconcilesItsRepositories(string fixture, long installation, InstallationStatus status)
    {
        var effect = Parse("installation", fixture);

        Assert.Equal(installation, effect.Installation!.InstallationId);
        Assert.Equal(status, effect.Installation.Status);
        Assert.Equal(installation, effect.ReconcileAllOfInstallation);
    }

    [Fact]
    public void InstallationRepositories_Added_RecordsAndReconcilesTheNewRepository()
    {
        var effect = Parse("installation_repositories", "installation_repositories/added.payload.json");

        var repository = Assert.Single(effect.Repositories);
        Assert.Equal((186853007L, "Codertocat", "Space", false), (repository.RepositoryId, repository.Owner, repository.Name, repository.Removed));
        Assert.Equal("selected", effect.Installation!.RepositorySelection);
        Assert.Null(effect.Installation.Status); // not an installation event: the status stays as recorded
        Assert.Equal("gh:186853007", Assert.Single(effect.Jobs).RepoKey);
    }

    [Fact]
    public void InstallationRepositories_Removed_MarksTheRepositoryRemoved_AndReconcilesIt()
    {
        var effect = Parse("installation_repositories", "installation_repositories/removed.payload.json");

        var repository = Assert.Single(effect.Repositories);
        Assert.Equal((1296269L, "octocat", "Hello-World", true), (repository.RepositoryId, repository.Owner, repository.Name, repository.Removed));
        Assert.Equal("gh:1296269", Assert.Single(effect.Jobs).RepoKey);
    }

    [Theory]
    [InlineData("adapted/repository-renamed.payload.json", "Codertocat", "Hello-Renamed")]
    [InlineData("adapted/repository-transferred.payload.json", "Octocoders", "Hello-World")]
    public void Repository_RenamedOrTransferred_ShowsTheSameIdUnderItsNewNames(string fixture, string owner, string name)
    {
        var effect = Parse("repository", fixture);

        var repository = Assert.Single(effect.Repositories);
        Assert.Equal((186853002L, owner, name), (repository.RepositoryId, repository.Owner, repository.Name));
        Assert.Empty(effect.Jobs); // the inbox turns a known id under new names into a rename job
    }

    [Fact]
    public void Ping_AndUnknownEvents_AreUnderstoodAsNothingToDo()
    {
        Assert.Empty(Parse("issues", "ping/with-app_id.payload.json").Jobs);
    }

    [Theory]
    [InlineData("push", "{")]
    [InlineData("push", "{\"ref\":\"refs/heads/main\",\"installation\":{\"id\":1}}")]
    [InlineData("pull_request", "{\"action\":\"opened\",\"installation\":{\"id\":1},\"repository\":{\"id\":5,\"name\":\"r\",\"full_name\":\"o/r\"}}")]
    [InlineData("installation", "null")]
    public void Parse_ReportsUnreadablePayloads_WithoutThrowing(string eventName, string body)
    {
        var result = WebhookEvents.Parse(eventName, Encoding.UTF8.GetBytes(body));

        Assert.Null(result.Effect);
        Assert.Contains(eventName, result.Error!, StringComparison.Ordinal);
    }

    private static DeliveryEffect Parse(string eventName, string fixture) => Parse(eventName, Payloads.Read(fixture));

    private static DeliveryEffect Parse(string eventName, byte[] body)
    {
        var result = WebhookEvents.Parse(eventName, body);
        Assert.Null(result.Error);
        return result.Effect!;
    }
}
