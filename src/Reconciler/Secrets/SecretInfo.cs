namespace McpSaas.Reconciler.Secrets;

/// <summary>What may be shown about a secret: name, scope, version and when it was set. Never the value.</summary>
public sealed record SecretInfo
{
    public required SecretScope Scope { get; init; }

    public required string Name { get; init; }

    /// <summary>Bumped on every set; unique per (org, name) across scopes. The content hash uses it instead of the value.</summary>
    public required int Version { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
