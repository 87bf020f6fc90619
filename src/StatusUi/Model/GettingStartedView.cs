namespace McpSaas.StatusUi.Model;

/// <summary>The three steps (manifest, secret, connect) with the org's, repository's, server's and user's names filled in.</summary>
public sealed record GettingStartedView
{
    public required string Org { get; init; }

    public required string Repo { get; init; }

    public required string Server { get; init; }

    public required string KeyName { get; init; }

    public required string SecretName { get; init; }

    public required bool HasServers { get; init; }

    public required IReadOnlyList<StepView> Steps { get; init; }
}
