using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.State;

/// <summary>
/// Per-contract overrides of a tier's limits (manifest-v1.md rule 6: "an operator may override them per org").
/// <c>null</c> = keep the tier's default. (An override cannot say "unlimited": that is what the enterprise tier is for.)
/// </summary>
public sealed record PlanLimitOverrides
{
    public static PlanLimitOverrides None { get; } = new();

    public int? ServersPerOrg { get; init; }

    public int? ToolsPerServer { get; init; }

    public long? CallsPerMonth { get; init; }

    public int? CallsPerMinute { get; init; }

    public bool? PremiumTools { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>The tier's defaults with these overrides applied.</summary>
    public PlanLimits ApplyTo(PlanLimits defaults) => defaults with
    {
        ServersPerOrg = ServersPerOrg ?? defaults.ServersPerOrg,
        ToolsPerServer = ToolsPerServer ?? defaults.ToolsPerServer,
        CallsPerMonth = CallsPerMonth ?? defaults.CallsPerMonth,
        CallsPerMinute = CallsPerMinute ?? defaults.CallsPerMinute,
        PremiumTools = PremiumTools ?? defaults.PremiumTools,
    };

    /// <summary>Every error at once; empty when valid (overrides must be positive).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ServersPerOrg is < 1)
        {
            errors.Add("servers per org must be at least 1");
        }

        if (ToolsPerServer is < 1)
        {
            errors.Add("tools per server must be at least 1");
        }

        if (CallsPerMonth is < 1)
        {
            errors.Add("calls per month must be at least 1");
        }

        if (CallsPerMinute is < 1)
        {
            errors.Add("calls per minute must be at least 1");
        }

        return errors;
    }
}
