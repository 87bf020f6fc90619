namespace McpSaas.Reconciler.Reporting;

/// <summary>A report waiting in the outbox, as claimed by the poster.</summary>
public sealed record ReportItem
{
    public required long Id { get; init; }

    public required string Key { get; init; }

    public required string Kind { get; init; }

    public required long RepositoryId { get; init; }

    public required string PayloadJson { get; init; }

    /// <summary>Bumped whenever a newer report replaces the payload: a poster that posted an older revision leaves the newer one queued.</summary>
    public required long Revision { get; init; }

    /// <summary>Claims so far (this one included).</summary>
    public required int Attempts { get; init; }

    public required DateTimeOffset RunAfter { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why the last attempt failed (never a secret); null before any failure.</summary>
    public string? LastError { get; init; }
}
