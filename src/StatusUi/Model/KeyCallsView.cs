namespace McpSaas.StatusUi.Model;

/// <summary>Calls through one API key (<see cref="KeyId"/> null: calls without a key; <see cref="Name"/> null: a key that no longer exists).</summary>
public sealed record KeyCallsView(string? KeyId, string? Name, long Calls, long Errors);
