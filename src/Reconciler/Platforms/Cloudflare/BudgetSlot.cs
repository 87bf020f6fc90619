namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>The answer of <see cref="CloudflareRequestBudget.TryAcquire"/>: a slot now, or the time the next one frees.</summary>
/// <param name="Granted">Whether the caller may send one request now (the slot is taken).</param>
/// <param name="NextFreeAt">When not granted: the earliest time a slot frees (now when granted).</param>
public readonly record struct BudgetSlot(bool Granted, DateTimeOffset NextFreeAt);
