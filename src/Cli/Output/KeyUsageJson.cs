namespace McpSaas.Cli.Output;

/// <summary>Calls with one key in <c>usage --json</c>; <c>keyId</c> null for calls without a key, <c>name</c> null when the key is gone.</summary>
internal sealed record KeyUsageJson(string? KeyId, string? Name, long Calls, long Errors);
