using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Planning;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Sources;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Loading;
using McpSaas.Schema.Plans;
using McpSaas.Schema.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// Reconciles one repository (Flux's shape): the top level only does plumbing — read the source, load, desire,
/// observe, plan, and with <c>apply</c> make it so and record it — while each step is a separately tested unit.
/// Each server is independent: one failure does not stop the others. Status is always written at the end.
/// </summary>
public sealed partial class RepoReconciler(
    IStateStore store,
    ISecretStore secrets,
    UsageTokens usageTokens,
    IWorkerPlatform platform,
    IManifestParser parser,
    DesiredStateBuilder builder,
    ILogger<RepoReconciler>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Reads, validates and plans; with <paramref name="apply"/>, deploys and records. Progress goes to <paramref name="progress"/>.</summary>
    public Task<ReconcileResult> ReconcileAsync(IManifestSource source, RepoContext repo, bool apply, IProgress<string>? progress, CancellationToken cancellationToken) =>
        ReconcileAsync(source, repo, apply, progress, beforeApply: null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="beforeApply"/> sees the plan before anything is deployed and may change state the
    /// Desire step reads (<c>up</c> creates a new server's <c>default</c> key there, so its first deploy binds it).
    /// When it returns true the plan is computed again from the same snapshot: no second fetch nor parse.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(IManifestSource source, RepoContext repo, bool apply, IProgress<string>? progress,
        Func<Plan, CancellationToken, Task<bool>>? beforeApply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(repo);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Org"] = repo.Org, ["Repo"] = repo.Name });

        // 1 Source
        progress?.Report($"reading {source.Location}");
        using var snapshot = await source.SnapshotAsync(cancellationToken).ConfigureAwait(false);

        // 2 Load (cached by blob id: an unchanged file costs no parsing)
        var entitlement = await store.GetEntitlementAsync(repo.Org, cancellationToken).ConfigureAwait(false);
        var options = LoadOptions(repo, entitlement);
        var loaded = snapshot.Files.Select(f => parser.Load(f.BlobId, f.Path, () => snapshot.Read(f), options)).ToList();
        var files = parser.CheckSet(loaded);

        // 3 Desire, 4 Observe, 5 Diff
        var (plan, context) = await PlanAsync(repo, entitlement, files, snapshot.Revision, cancellationToken).ConfigureAwait(false);
        if (!apply)
        {
            return new ReconcileResult { Revision = snapshot.Revision, Files = files, Plan = plan };
        }

        if (beforeApply is not null && await beforeApply(plan, cancellationToken).ConfigureAwait(false))
        {
            (plan, context) = await PlanAsync(repo, entitlement, files, snapshot.Revision, cancellationToken).ConfigureAwait(false);
        }

        // 6 Apply, 7 Record
        // The repository and where it is read from, so later commands (keys create, revoke) can reconcile it again.
        await store.UpsertRepoAsync(new RepoRecord { Org = repo.Org, Name = repo.Name, Source = source.Location }, cancellationToken).ConfigureAwait(false);
        var (outcomes, writes) = await ApplyAsync(repo, snapshot.Revision, plan, context, progress, cancellationToken).ConfigureAwait(false);
        return new ReconcileResult { Revision = snapshot.Revision, Files = files, Plan = plan, Applied = true, Outcomes = outcomes, PlatformWrites = writes };
    }

    private async Task<(Plan Plan, RunContext Context)> PlanAsync(RepoContext repo, OrgEntitlement entitlement, IReadOnlyList<ManifestFile> files, string revision, CancellationToken cancellationToken)
    {
        var (desired, context) = await DesireAsync(repo, entitlement, files, cancellationToken).ConfigureAwait(false);
        var observed = await platform.ObserveAsync(Owner(repo), cancellationToken).ConfigureAwait(false);
        var plan = Planner.Compute(repo, revision, desired, observed, context.Applied);
        Log.Planned(_logger, revision, plan.ToAdd, plan.ToChange, plan.ToDestroy, plan.Stalled.Count);
        return (plan, context);
    }

    /// <summary>The ownership tag of a repository's Workers: <c>local</c>, or <c>gh:&lt;installation&gt;</c>.</summary>
    public static string Owner(RepoContext repo) => repo.InstallationId is { } installation ? $"gh:{installation}" : "local";

    /// <summary>
    /// The validator's options for this org: its entitlement caps <c>spec.plan</c>, its overrides size the plans,
    /// and local sources (no GitHub installation) accept any <c>apiBaseUrl</c>.
    /// </summary>
    public static ManifestLoadOptions LoadOptions(RepoContext repo, OrgEntitlement entitlement)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(entitlement);
        return new ManifestLoadOptions
        {
            Entitlement = entitlement.Tier,
            LocalMode = repo.InstallationId is null,
            PlanLimits = entitlement.Overrides == PlanLimitOverrides.None ? ValueArray<PlanLimits>.Empty : ValueArray.Create(entitlement.Limits),
        };
    }

    private async Task<(DesiredState Desired, RunContext Context)> DesireAsync(RepoContext repo, OrgEntitlement entitlement, IReadOnlyList<ManifestFile> files, CancellationToken cancellationToken)
    {
        // The repository's own servers, inventory and keys in one read; the whole org only when its
        // servers-per-org limit must be decided (unlimited orgs skip it: it is the costly read at scale).
        var repoSnapshot = await store.GetReconcileSnapshotAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);
        var orgSnapshot = entitlement.Limits.ServersPerOrg is null
            ? null
            : await store.GetReconcileSnapshotAsync(repo.Org, null, cancellationToken).ConfigureAwait(false);
        var visibleSecrets = await secrets.ResolveAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);

        var deployedServers = (orgSnapshot ?? repoSnapshot).Inventory.Select(i => i.ServerId.ToString()).ToHashSet(StringComparer.Ordinal);
        var org = new OrgContext
        {
            Name = repo.Org,
            Owner = Owner(repo),
            InstallationId = repo.InstallationId,
            Entitlement = entitlement.Limits,
            KnownServers = (orgSnapshot?.Servers ?? ValueArray<ServerRecord>.Empty)
                .Select(s => new OrgServer(s.Id, s.FirstSeenAt, deployedServers.Contains(s.Id.ToString())))
                .ToValueArray(),
        };

        var repoServers = repoSnapshot.Servers.ToList();
        var keys = new Dictionary<string, IReadOnlyList<NamedKeyHash>>(StringComparer.Ordinal);
        foreach (var server in repoServers.Where(s => repoSnapshot.KeyHashesOf(s.Id).Count > 0))
        {
            var records = await store.ListApiKeysAsync(server.Id, includeRevoked: false, cancellationToken).ConfigureAwait(false);
            keys[server.Id.ToString()] = [.. records.Select(k => new NamedKeyHash(k.Name, k.Hash))];
        }

        var inputs = new PreloadedDesireInputs(
            visibleSecrets,
            keys,
            repoServers.ToDictionary(s => s.Id.ToString(), s => s.UsageTokenVersion, StringComparer.Ordinal),
            platform);
        var desired = builder.Build(org, repo, files, inputs);

        var applied = new Dictionary<string, DeploymentSummary>(StringComparer.Ordinal);
        foreach (var entry in repoSnapshot.Inventory.Where(i => i.Platform == platform.Name))
        {
            if (entry.SummaryJson is { } json && DeploymentSummary.FromJson(json) is { } summary)
            {
                applied[entry.ScriptName] = summary;
            }
        }

        return (desired, new RunContext(applied, repoServers.ToDictionary(s => s.Id.ToString(), StringComparer.Ordinal), repoSnapshot.Inventory));
    }

    private async Task<(List<ApplyOutcome> Outcomes, int Writes)> ApplyAsync(RepoContext repo, string revision, Plan plan, RunContext context, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new List<ApplyOutcome>();
        var deployed = new List<Change>();
        var writes = 0;
        var pending = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();

        // Servers get their row (first-seen) and usage token before their first deploy.
        var creating = pending.Where(c => c.Desired is not null).Select(c => c.Id).ToList();
        if (creating.Count > 0)
        {
            await store.EnsureServersAsync(creating, cancellationToken).ConfigureAwait(false);
            await IssueUsageTokensAsync(pending.Where(c => c.Desired is not null).Select(c => c.Desired!), cancellationToken).ConfigureAwait(false);
        }

        var index = 0;
        foreach (var change in pending)
        {
            index++;
            cancellationToken.ThrowIfCancellationRequested();
            var verb = change.Action switch
            {
                ChangeAction.Create => "creating",
                ChangeAction.Update => "updating",
                _ => "deleting",
            };
            progress?.Report($"{verb} {change.Id} ({index}/{pending.Count})");
            try
            {
                if (change.Action == ChangeAction.Delete)
                {
                    await platform.DeleteAsync(change.Deployed!, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await platform.DeployAsync(change.Desired!, cancellationToken).ConfigureAwait(false);
                }

                writes++;
                deployed.Add(change);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ChangeFailed(_logger, change.Id.ToString(), change.Action.ToString(), e.Message);
                outcomes.Add(new ApplyOutcome(change.Id, change.Action, false, null, e.Message));
                await store.AppendDeployHistoryAsync(new DeployHistoryEntry
                {
                    ServerId = change.Id,
                    Action = ToDeployAction(change.Action),
                    Succeeded = false,
                    Platform = platform.Name,
                    ScriptName = change.ScriptName,
                    ContentHash = change.Desired?.ContentHash,
                    Revision = revision,
                    Message = e.Message,
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        // Make it live (local: one workerd restart for the whole run, only when the config changed).
        progress?.Report($"starting the {platform.Name} runtime");
        try
        {
            await platform.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
        {
            foreach (var change in deployed)
            {
                outcomes.Add(new ApplyOutcome(change.Id, change.Action, false, null, e.Message));
            }

            await WriteStatusAsync(plan, revision, outcomes, context.Servers, cancellationToken).ConfigureAwait(false);
            return (outcomes, writes);
        }

        foreach (var change in deployed)
        {
            if (change.Action == ChangeAction.Delete)
            {
                await store.RecordDeletionAsync(new DeletionRecord
                {
                    ServerId = change.Id,
                    Platform = platform.Name,
                    ScriptName = change.ScriptName,
                    Revision = revision,
                }, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new ApplyOutcome(change.Id, change.Action, true, null, null));
            }
            else
            {
                var endpoint = platform.Endpoint(change.Desired!.Identity, change.ScriptName).BaseUrl;
                await RecordAsync(change.Desired!, change.Action, revision, endpoint, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new ApplyOutcome(change.Id, change.Action, true, endpoint, null));
            }
        }

        // No-ops whose record is missing or stale (a run killed between deploy and record) are recorded now.
        foreach (var change in plan.Changes.Where(c => c.Action == ChangeAction.NoOp && c.Desired is not null))
        {
            var recorded = context.Inventory.Any(i => i.ScriptName == change.ScriptName && i.ContentHash == change.Desired!.ContentHash && i.SummaryJson is not null);
            if (!recorded)
            {
                await RecordAsync(change.Desired!, ChangeAction.Update, revision, platform.Endpoint(change.Desired!.Identity, change.ScriptName).BaseUrl, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteStatusAsync(plan, revision, outcomes, context.Servers, cancellationToken).ConfigureAwait(false);
        await store.MarkReconciledAsync(repo.Org, repo.Name, cancellationToken).ConfigureAwait(false);
        return (outcomes, writes);
    }

    private Task RecordAsync(DesiredWorker worker, ChangeAction action, string revision, string endpoint, CancellationToken cancellationToken) =>
        store.RecordDeploymentAsync(new DeploymentRecord
        {
            ServerId = worker.Id,
            Action = ToDeployAction(action),
            Platform = platform.Name,
            ScriptName = worker.ScriptName,
            ContentHash = worker.ContentHash,
            Revision = revision,
            EndpointUrl = endpoint,
            SummaryJson = worker.Summary.ToJson(),
        }, cancellationToken);

    private async Task IssueUsageTokensAsync(IEnumerable<DesiredWorker> workers, CancellationToken cancellationToken)
    {
        foreach (var worker in workers)
        {
            var issue = await usageTokens.IssueAsync(worker.Id, cancellationToken).ConfigureAwait(false);
            if (issue.Error is not null)
            {
                throw new SecretUnavailableException($"cannot issue the usage token of {worker.Id}: {issue.Error}");
            }
        }
    }

    private async Task WriteStatusAsync(Plan plan, string revision, List<ApplyOutcome> outcomes, IReadOnlyDictionary<string, ServerRecord> servers, CancellationToken cancellationToken)
    {
        var deployed = outcomes.Select(o => o.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var failed = outcomes.Where(o => !o.Succeeded).ToDictionary(o => o.Id.ToString(), StringComparer.Ordinal);
        var updates = new List<ServerStatusUpdate>();
        foreach (var stalled in plan.Stalled)
        {
            updates.Add(new ServerStatusUpdate { Id = stalled.Id, State = ServerState.Stalled, Reason = stalled.Message, ObservedRevision = revision });
        }

        foreach (var change in plan.Changes.Where(c => c.Action != ChangeAction.Delete))
        {
            updates.Add(failed.TryGetValue(change.Id.ToString(), out var f)
                ? new ServerStatusUpdate { Id = change.Id, State = ServerState.Reconciling, Reason = $"apply failed, will retry: {f.Error}", ObservedRevision = revision }
                : new ServerStatusUpdate { Id = change.Id, State = ServerState.Ready, ObservedRevision = revision });
        }

        var newlyStalled = plan.Stalled.Where(s => !servers.ContainsKey(s.Id.ToString())).Select(s => s.Id).ToList();
        if (newlyStalled.Count > 0)
        {
            await store.EnsureServersAsync(newlyStalled, cancellationToken).ConfigureAwait(false);
        }

        // Only what changed is written: a no-op run over an unchanged commit writes no status.
        var changed = updates.Where(u => !servers.TryGetValue(u.Id.ToString(), out var known)
            || known.State != u.State || known.Reason != u.Reason || known.ObservedRevision != u.ObservedRevision
            || deployed.Contains(u.Id.ToString())).ToList();
        if (changed.Count > 0)
        {
            await store.UpdateServerStatusAsync(changed, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DeployAction ToDeployAction(ChangeAction action) => action switch
    {
        ChangeAction.Create => DeployAction.Create,
        ChangeAction.Delete => DeployAction.Delete,
        _ => DeployAction.Update,
    };

    private sealed record RunContext(
        IReadOnlyDictionary<string, DeploymentSummary> Applied,
        IReadOnlyDictionary<string, ServerRecord> Servers,
        ValueArray<InventoryEntry> Inventory);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Planned {Revision}: {Add} to add, {Change} to change, {Destroy} to destroy, {Stalled} stalled")]
        public static partial void Planned(ILogger logger, string revision, int add, int change, int destroy, int stalled);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Action} of {ServerId} failed: {Error}")]
        public static partial void ChangeFailed(ILogger logger, string serverId, string action, string error);
    }
}
