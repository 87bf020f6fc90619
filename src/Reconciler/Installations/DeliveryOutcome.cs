namespace McpSaas.Reconciler.Installations;

public enum DeliveryOutcome
{
    /// <summary>First time this delivery id was seen: recorded with its effect.</summary>
    Recorded,

    /// <summary>A redelivery (same id): nothing done again.</summary>
    Duplicate,
}
