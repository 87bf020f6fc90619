namespace McpSaas.Reconciler.Usage;

/// <summary>What recording a batch did: events new to the store, and events already counted before (redeliveries).</summary>
public sealed record UsageIngestStats(int Inserted, int Duplicates);
