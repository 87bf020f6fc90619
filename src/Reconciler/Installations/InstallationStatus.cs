namespace McpSaas.Reconciler.Installations;

/// <summary>The state of a GitHub App installation (its <c>installation</c> events).</summary>
public enum InstallationStatus
{
    Active,
    Suspended,
    Deleted,
}
