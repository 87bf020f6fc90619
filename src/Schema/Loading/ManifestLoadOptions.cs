using McpSaas.Schema.Catalog;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Plans;

namespace McpSaas.Schema.Loading;

/// <summary>
/// What the checks depend on besides the text. A value: equal options give equal results (the cache keys on them).
/// </summary>
public sealed record ManifestLoadOptions
{
    public static ManifestLoadOptions Default { get; } = new();

    /// <summary>The tool catalog (default: the one embedded in this assembly).</summary>
    public ToolCatalog Catalog { get; init; } = ToolCatalog.Default;

    /// <summary>
    /// The org's entitlement (set by the operator). A server whose <c>spec.plan</c> is above it is an error
    /// (MCP304). Null: not checked (e.g. <c>validate</c> without an org). Local mode defaults it to enterprise.
    /// </summary>
    public PlanTier? Entitlement { get; init; }

    /// <summary>Accept internal catalog tools (the conformance fixtures); only the conformance tests set this.</summary>
    public bool AllowInternalTools { get; init; }

    /// <summary>Local mode (<c>./mcpsaas up</c>): any <c>apiBaseUrl</c> is accepted.</summary>
    public bool LocalMode { get; init; }

    /// <summary>
    /// API hosts the operator allows for <c>apiBaseUrl</c> besides each tool's <c>allowedApiHosts</c>, as
    /// <c>host</c> or <c>host:port</c> (e.g. a GitHub Enterprise Server host). Apply to every tool.
    /// </summary>
    public ValueArray<string> ExtraApiHosts { get; init; } = ValueArray<string>.Empty;

    /// <summary>Operator overrides of the per-server plan limits, by tier; tiers not listed keep <see cref="PlanLimits.DefaultFor"/>.</summary>
    public ValueArray<PlanLimits> PlanLimits { get; init; } = ValueArray<PlanLimits>.Empty;

    /// <summary>The limits of a tier under these options.</summary>
    public PlanLimits LimitsFor(PlanTier tier) =>
        PlanLimits.Items.FirstOrDefault(l => l.Tier == tier) ?? Plans.PlanLimits.DefaultFor(tier);
}
