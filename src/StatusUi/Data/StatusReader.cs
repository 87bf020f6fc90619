using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Usage;
using McpSaas.Schema.Plans;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

/// <summary>
/// Reads the state store into what the pages show. The pages and the JSON API call the same methods, so the JSON API
/// returns exactly the data the pages render. Never reads a secret value (only names, scopes and versions).
/// </summary>
public sealed partial class StatusReader(IStateStore store, ISecretStore secrets, TimeProvider time)
{
    /// <summary>Days of the server page's usage window (today included).</summary>
    public const int UsageDays = 30;

    /// <summary>Calls listed on the server page.</summary>
    public const int RecentCallCount = 100;

    /// <summary>Deploy history entries listed on the server page.</summary>
    public const int DeployCount = 20;

    public TimeProvider Time => time;

    public async Task<OrgListView> OrgsAsync(IReadOnlyList<string> orgs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orgs);
        var entries = new List<OrgEntryView>();
        foreach (var org in orgs)
        {
            var entitlement = await store.GetEntitlementAsync(org, cancellationToken);
            var servers = (await store.ListServersAsync(org, null, cancellationToken)).Count;
            entries.Add(new OrgEntryView(org, entitlement.Tier.ToName(), UiPaths.Overview(org), servers, servers == 0 ? UiPaths.GettingStarted(org) : null));
        }

        return new OrgListView { Orgs = entries };
    }

    public Task<IReadOnlyList<string>> KnownOrgsAsync(CancellationToken cancellationToken) => store.ListKnownOrgsAsync(cancellationToken);

    public async Task<QuotaView> QuotaAsync(string org, CancellationToken cancellationToken)
    {
        var entitlement = await store.GetEntitlementAsync(org, cancellationToken);
        var month = UsageMonth.Of(time.GetUtcNow());
        var used = await store.GetOrgCallsAsync(org, month, cancellationToken);
        return Quota(org, entitlement, month, used);
    }

    internal static QuotaView Quota(string org, OrgEntitlement entitlement, UsageMonth month, long used)
    {
        var limit = entitlement.Limits.CallsPerMonth;
        var verdict = QuotaVerdict.For(limit, used);
        int? percent = limit is { } l ? (int)Math.Min(int.MaxValue, l == 0 ? 100 : used * 100 / l) : null;
        return new QuotaView
        {
            Org = org,
            Tier = entitlement.Tier.ToName(),
            Month = month.ToString(),
            Limit = limit,
            Used = used,
            Percent = percent,
            Exceeded = verdict.Exceeded,
            Banner = verdict.Exceeded ? 100 : percent >= 80 ? 80 : 0,
            ResetsOn = Formats.Day(DateOnly.FromDateTime(month.Next.Start.UtcDateTime)),
        };
    }

    public async Task<OverviewView> OverviewAsync(string org, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var month = UsageMonth.Of(now);
        var quota = await QuotaAsync(org, cancellationToken);
        var snapshot = await store.GetReconcileSnapshotAsync(org, null, cancellationToken);
        var calls = (await store.ListServerCallsAsync(org, month, cancellationToken)).ToDictionary(c => c.ServerId.ToString(), c => c.Calls, StringComparer.Ordinal);
        var summaries = Summaries(snapshot.Inventory);
        var rows = new List<ServerRowView>(snapshot.Servers.Count);
        foreach (var server in snapshot.Servers.OrderBy(s => s.Id.ToString(), StringComparer.Ordinal))
        {
            var key = server.Id.ToString();
            var summary = summaries.GetValueOrDefault(key);
            rows.Add(new ServerRowView
            {
                Id = key,
                Repo = server.Id.Repo,
                Name = server.Id.Name,
                Status = ServerStatuses.Of(server, summary, quota.Exceeded),
                Tools = summary is null ? [] : [.. summary.Tools.Select(ServerStatuses.ToolLabel)],
                CallsThisMonth = calls.GetValueOrDefault(key),
                Url = server.EndpointUrl is { } url ? $"{url.TrimEnd('/')}/mcp" : null,
                Page = UiPaths.Server(server.Id),
            });
        }

        var counts = rows.GroupBy(r => r.Status.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (rows.Count(r => r.Status.OverQuota) is > 0 and var over)
        {
            counts["Over quota"] = over;
        }

        return new OverviewView { Org = org, Quota = quota, Servers = rows, Counts = counts, GeneratedAt = now };
    }

    /// <summary>The live status of one server (what the server page polls while a deploy runs); null for an unknown server.</summary>
    public async Task<ServerStatusView?> StatusAsync(ServerId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var server = await store.GetServerAsync(id, cancellationToken);
        if (server is null)
        {
            return null;
        }

        var summary = await SummaryAsync(id, cancellationToken);
        var quota = await QuotaAsync(id.Org, cancellationToken);
        return ServerStatuses.Of(server, summary, quota.Exceeded);
    }

    private async Task<DeploymentSummary?> SummaryAsync(ServerId id, CancellationToken cancellationToken)
    {
        var entry = (await store.ListInventoryAsync(id.Org, id.Repo, cancellationToken)).FirstOrDefault(i => i.ServerId == id);
        return entry?.SummaryJson is { } json ? DeploymentSummary.FromJson(json) : null;
    }

    /// <summary>The last applied summary of each deployed server, by server id (the newest entry when there are several).</summary>
    private static Dictionary<string, DeploymentSummary> Summaries(IEnumerable<InventoryEntry> inventory)
    {
        var summaries = new Dictionary<string, DeploymentSummary>(StringComparer.Ordinal);
        foreach (var entry in inventory.OrderBy(i => i.DeployedAt))
        {
            if (entry.SummaryJson is { } json && DeploymentSummary.FromJson(json) is { } summary)
            {
                summaries[entry.ServerId.ToString()] = summary;
            }
        }

        return summaries;
    }
}
