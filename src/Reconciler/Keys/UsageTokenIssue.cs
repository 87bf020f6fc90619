namespace McpSaas.Reconciler.Keys;

/// <summary>
/// Result of issuing a usage ingest token: the plaintext when this call created it (bind it now; it is not
/// shown again), the server's current token version, or an error.
/// </summary>
public sealed record UsageTokenIssue(SensitiveToken? Token, int Version, string? Error)
{
    public bool Issued => Token is not null;
}
