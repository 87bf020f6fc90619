namespace McpSaas.Reconciler.State;

/// <summary>The outcome of recording a key, with the record when created.</summary>
public sealed record ApiKeyCreateResult(ApiKeyCreateOutcome Outcome, ApiKeyRecord? Key);
