using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpSaas.Reconciler.Rebinding;

/// <summary>
/// Deletes every Worker McpSaas deployed for a repository, from the inventory (never guessed from names; only Workers
/// listed as owned by exactly that server), and forgets its servers: what manifest-v1.md rule 8 allows once the GitHub
/// App was uninstalled and the grace period passed. Each deletion is audited.
/// </summary>
public sealed partial class RepositoryRemoval(IStateStore store, IWorkerPlatform platform, ILogger<RepositoryRemoval>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Deletes the repository's Workers; the number deleted. Throws <see cref="PlatformException"/> when the platform fails (nothing is forgotten then).</summary>
    public async Task<int> RemoveAsync(string org, string repo, string actor, string why, CancellationToken cancellationToken)
    {
        var inventory = (await store.ListInventoryAsync(org, repo, cancellationToken).ConfigureAwait(false)).Where(i => i.Platform == platform.Name).ToList();
        if (inventory.Count == 0)
        {
            return 0;
        }

        var listed = (await platform.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(w => w.ScriptName, StringComparer.Ordinal);
        var deleted = new List<InventoryEntry>();
        foreach (var entry in inventory)
        {
            if (listed.TryGetValue(entry.ScriptName, out var worker) && worker.Ownership is not null)
            {
                await platform.DeleteAsync(worker, cancellationToken).ConfigureAwait(false);
            }

            deleted.Add(entry); // gone from the platform already, or deleted now
        }

        var commit = await platform.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in deleted.Where(e => !commit.Failed.ContainsKey(e.ScriptName)))
        {
            await store.RecordDeletionAsync(new DeletionRecord { ServerId = entry.ServerId, Platform = platform.Name, ScriptName = entry.ScriptName, ForgetServer = true }, cancellationToken)
                .ConfigureAwait(false);
            await store.AppendAuditAsync(new AuditEntry
            {
                Actor = actor,
                Action = "server.delete",
                Org = entry.ServerId.Org,
                Target = entry.ServerId.ToString(),
                Detail = $"{platform.Name} {entry.ScriptName}: {why}",
            }, cancellationToken).ConfigureAwait(false);
        }

        Log.Removed(_logger, $"{org}/{repo}", deleted.Count, why);
        return deleted.Count - commit.Failed.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "{Repository}: {Count} Worker(s) deleted ({Why})")]
        public static partial void Removed(ILogger logger, string repository, int count, string why);
    }
}
