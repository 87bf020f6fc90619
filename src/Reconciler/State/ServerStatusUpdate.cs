namespace McpSaas.Reconciler.State;

/// <summary>The status a reconcile run writes for one server (deploy results go through <see cref="DeploymentRecord"/>).</summary>
public sealed record ServerStatusUpdate
{
    public required ServerId Id { get; init; }

    public required ServerState State { get; init; }

    public string? Reason { get; init; }

    public string? ObservedRevision { get; init; }

    /// <summary>For a server stalled by the platform: the content hash it refused (not tried again until it changes).</summary>
    public string? StalledHash { get; init; }

    /// <summary>For a server waiting for secrets: the secret references not set (what the status UI lists per secret).</summary>
    public McpSaas.Schema.Collections.ValueArray<string> MissingSecrets { get; init; } = McpSaas.Schema.Collections.ValueArray<string>.Empty;
}
