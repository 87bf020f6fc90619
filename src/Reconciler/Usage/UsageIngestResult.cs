namespace McpSaas.Reconciler.Usage;

/// <summary>The outcome of <see cref="UsageIngestService.IngestAsync"/>: the reply to send, or the refusal and its reason.</summary>
public sealed record UsageIngestResult(UsageIngestStatus Status, UsageReply? Reply, string? Reason, UsageIngestStats? Stats)
{
    public static UsageIngestResult Accepted(UsageReply reply, UsageIngestStats stats) => new(UsageIngestStatus.Accepted, reply, null, stats);

    public static UsageIngestResult Refused(UsageIngestStatus status, string reason) => new(status, null, reason, null);
}
