namespace McpSaas.Schema.Plans;

/// <summary>The plan tiers of manifest-v1.md, ordered: a higher value is a larger plan.</summary>
public enum PlanTier
{
    Free = 0,
    Pro = 1,
    Enterprise = 2,
}
