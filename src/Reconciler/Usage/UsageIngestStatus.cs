namespace McpSaas.Reconciler.Usage;

/// <summary>How a usage batch was received; the endpoint maps it to HTTP (200, 400, 401, 413).</summary>
public enum UsageIngestStatus
{
    Accepted = 0,
    BadRequest = 1,
    Unauthorized = 2,
    TooLarge = 3,
}
