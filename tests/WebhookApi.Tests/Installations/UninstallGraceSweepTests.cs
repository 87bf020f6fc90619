using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using McpSaas.WebhookApi.Installations;
using McpSaas.WebhookApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Tests.Installations;

/// <summary>
/// The uninstall grace on a fake clock (issue #14): an uninstalled installation's repositories are queued for deletion
/// only once the grace (7 days by default) has passed, never before, and never after a reinstall within it. What the
/// queued job then does (deletes the Workers) runs in EndToEnd's GitOpsServeTests against real workerd.
/// </summary>
public sealed class UninstallGraceSweepTests : IDisposable
{
    private const long Installation = 7;

    private readonly GitOpsAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Sweep_QueuesTheDeletion_OnlyOnceTheDefaultGraceHasPassed()
    {
        await InstalledWithAServerAsync();
        await InstallationAsync("d-2", "deleted", InstallationStatus.Deleted);
        var sweep = Sweep();

        _app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None));
        Assert.DoesNotContain(await _app.JobsAsync(), j => j.RepoKey == RepoKeys.GitHub(1));

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await sweep.SweepAsync(CancellationToken.None));
        var job = Assert.Single(await _app.JobsAsync(), j => j.RepoKey == RepoKeys.GitHub(1));
        Assert.Equal((JobKind.Reconcile, Installation), (job.Kind, job.InstallationId));

        // A repository of the same installation without Workers has nothing to delete: no job.
        Assert.DoesNotContain(await _app.JobsAsync(), j => j.RepoKey == RepoKeys.GitHub(2));
    }

    [Fact]
    public async Task Sweep_AfterAReinstallWithinTheGrace_QueuesNothing_EvenLongAfter()
    {
        await InstalledWithAServerAsync();
        await InstallationAsync("d-2", "deleted", InstallationStatus.Deleted);
        _app.Clock.Advance(TimeSpan.FromDays(6));
        await InstallationAsync("d-3", "created", InstallationStatus.Active);

        _app.Clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(0, await Sweep().SweepAsync(CancellationToken.None));
        Assert.DoesNotContain(await _app.JobsAsync(), j => j.RepoKey == RepoKeys.GitHub(1));
    }

    [Fact]
    public async Task Sweep_WithAConfiguredGrace_UsesIt()
    {
        await InstalledWithAServerAsync();
        await InstallationAsync("d-2", "deleted", InstallationStatus.Deleted);
        var sweep = Sweep(TimeSpan.FromDays(1));

        _app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None));
        _app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await sweep.SweepAsync(CancellationToken.None));
    }

    private UninstallGraceSweep Sweep(TimeSpan? grace = null) => ActivatorUtilities.CreateInstance<UninstallGraceSweep>(
        _app.Services, Options.Create(new InstallationLifecycleOptions { UninstallGrace = grace ?? new InstallationLifecycleOptions().UninstallGrace }));

    private async Task InstalledWithAServerAsync()
    {
        await InstallationAsync("d-1", "created", InstallationStatus.Active);
        var server = new ServerId("acme", "one", "team");
        await _app.Store.EnsureServersAsync([server], CancellationToken.None);
        await _app.Store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = server,
            Action = DeployAction.Create,
            Platform = "local",
            ScriptName = "mcp-acme-one-team",
            ContentHash = "h1",
            Revision = "rev1",
        }, CancellationToken.None);
        Assert.Single(await _app.Store.ListInventoryAsync("acme", "one", CancellationToken.None));
    }

    private Task InstallationAsync(string delivery, string action, InstallationStatus status) => _app.Store.RecordDeliveryAsync(
        new WebhookDelivery { DeliveryId = delivery, Event = "installation", Action = action },
        new DeliveryEffect
        {
            Summary = action,
            Installation = new InstallationSeen { InstallationId = Installation, AccountLogin = "acme", Status = status },
            Repositories = ValueArray.Create(
                new RepositorySeen { RepositoryId = 1, InstallationId = Installation, Owner = "acme", Name = "one" },
                new RepositorySeen { RepositoryId = 2, InstallationId = Installation, Owner = "acme", Name = "two" }),
        },
        CancellationToken.None);
}
