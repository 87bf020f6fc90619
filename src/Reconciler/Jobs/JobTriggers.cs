namespace McpSaas.Reconciler.Jobs;

/// <summary>What asked for a job; coalesced jobs carry every trigger that asked.</summary>
[Flags]
public enum JobTriggers
{
    None = 0,
    Webhook = 1,
    Periodic = 2,
    Manual = 4,
}
