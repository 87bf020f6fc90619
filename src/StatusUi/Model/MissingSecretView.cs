namespace McpSaas.StatusUi.Model;

/// <summary>A secret servers wait for that is not set.</summary>
public sealed record MissingSecretView(string Name, IReadOnlyList<SecretUserView> WaitingServers);
