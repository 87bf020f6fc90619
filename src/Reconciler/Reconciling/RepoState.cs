using McpSaas.Reconciler.Planning;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>The state store's view of one repository for a run.</summary>
public sealed record RepoState(
    IReadOnlyDictionary<string, ServerRecord> Servers,
    McpSaas.Schema.Collections.ValueArray<InventoryEntry> Inventory,
    IReadOnlyDictionary<string, AppliedDeployment> Applied);
