namespace McpSaas.Reconciler.Installations;

/// <summary>What a rename did: the names before and after, and how many servers moved.</summary>
public sealed record RenameResult(RenameOutcome Outcome, string? From, string? To, int Servers);
