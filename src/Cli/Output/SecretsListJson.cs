namespace McpSaas.Cli.Output;

/// <summary><c>secrets list ORG --json</c>: <c>{ org, secrets: [ … ] }</c> (README, "JSON output").</summary>
internal sealed record SecretsListJson(string Org, IReadOnlyList<SecretJson> Secrets);
