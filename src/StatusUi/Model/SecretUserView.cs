namespace McpSaas.StatusUi.Model;

/// <summary>A server using a secret: <see cref="Deployed"/> runs with a version of it; otherwise it waits for its next reconcile.</summary>
public sealed record SecretUserView(string ServerId, bool Deployed, string Page);
