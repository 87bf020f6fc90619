namespace McpSaas.Cli.Output;

/// <summary>
/// How complete <c>usage --json</c>'s figures are: the last batch the usage endpoint accepted from the server, calls lost
/// to its full outbox (reported in that month, and in all), what waits in its outbox now (null when it is not deployed
/// or could not be asked: <c>outboxError</c> says which), and whether nothing is missing.
/// </summary>
internal sealed record UsageDeliveryJson(
    DateTimeOffset? LastDeliveryAt,
    long Dropped,
    long DroppedTotal,
    UsageOutboxJson? Outbox,
    string? OutboxError,
    bool Complete);
