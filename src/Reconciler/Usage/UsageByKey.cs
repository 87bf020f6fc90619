namespace McpSaas.Reconciler.Usage;

/// <summary>Calls made with one key in a month; <see cref="Name"/> is the key's name when the server still knows it.</summary>
public sealed record UsageByKey(string? KeyId, string? Name, long Calls, long Errors);
