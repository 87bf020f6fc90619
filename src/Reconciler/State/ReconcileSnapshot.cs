using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.State;

/// <summary>
/// Everything the reconciler reads about an org (or one repo of it) in one call: servers, the inventory of what
/// is deployed, and the active key hashes per server (for <c>MCP_KEY_HASHES</c>). Read in one transaction.
/// A query result, not a value: a class, so nobody relies on record equality over the dictionary.
/// </summary>
public sealed class ReconcileSnapshot
{
    public required ValueArray<ServerRecord> Servers { get; init; }

    public required ValueArray<InventoryEntry> Inventory { get; init; }

    /// <summary>Server id (text) → lowercase hex hashes of its active keys, sorted; servers without keys are absent.</summary>
    public required IReadOnlyDictionary<string, ValueArray<string>> ActiveKeyHashes { get; init; }

    public ValueArray<string> KeyHashesOf(ServerId id) =>
        ActiveKeyHashes.TryGetValue(id.ToString(), out var hashes) ? hashes : ValueArray<string>.Empty;
}
