namespace McpSaas.Reconciler.State;

/// <summary>What the state store knows of one server.</summary>
public sealed record ServerRecord
{
    public required ServerId Id { get; init; }

    /// <summary>When McpSaas first saw the server; decides org server slots (earliest first, ties by id).</summary>
    public required DateTimeOffset FirstSeenAt { get; init; }

    public required ServerState State { get; init; }

    /// <summary>Why the server is stalled or reconciling; <c>null</c> when ready.</summary>
    public string? Reason { get; init; }

    /// <summary>The source revision the last reconcile read.</summary>
    public string? ObservedRevision { get; init; }

    /// <summary>The source revision of the last successful deploy.</summary>
    public string? LastAppliedRevision { get; init; }

    /// <summary>Content hash of the last successful deploy.</summary>
    public string? ContentHash { get; init; }

    public string? EndpointUrl { get; init; }

    public string? ScriptName { get; init; }

    public DateTimeOffset? LastReconcileAt { get; init; }

    /// <summary>0 while no usage ingest token was issued; bumped on each issue or rotation (the content hash may include it).</summary>
    public int UsageTokenVersion { get; init; }

    /// <summary>The content hash whose deploy the platform refused as a configuration error; not tried again until the desired hash changes.</summary>
    public string? StalledHash { get; init; }

    /// <summary>For a server waiting for secrets: the secret references not set (sorted); empty otherwise.</summary>
    public McpSaas.Schema.Collections.ValueArray<string> MissingSecrets { get; init; } = McpSaas.Schema.Collections.ValueArray<string>.Empty;
}
