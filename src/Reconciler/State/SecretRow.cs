namespace McpSaas.Reconciler.State;

/// <summary>
/// A stored secret as the state store keeps it: metadata in clear, the value only as AES-GCM ciphertext.
/// <see cref="Repo"/> is <c>null</c> for the org scope. A removed secret keeps its row (a tombstone without
/// ciphertext) so versions never repeat: the content hash uses versions, and a reused version could hide a change.
/// </summary>
public sealed record SecretRow
{
    public required string Org { get; init; }

    public string? Repo { get; init; }

    public required string Name { get; init; }

    /// <summary>Monotonic per (org, name) over every scope, so (name, version) names exactly one value.</summary>
    public required int Version { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The sealed value; <c>null</c> for a removed secret.</summary>
    public EncryptedSecret? Sealed { get; init; }

    public bool IsDeleted => DeletedAt is not null;
}
