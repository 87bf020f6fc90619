namespace McpSaas.Cli.Output;

/// <summary>One secret in <c>secrets list --json</c>: <c>scope</c> is <c>org</c> or <c>repo</c> (then <c>repo</c> names it). Never a value.</summary>
internal sealed record SecretJson(string Name, string Scope, string? Repo, int Version, DateTimeOffset UpdatedAt);
