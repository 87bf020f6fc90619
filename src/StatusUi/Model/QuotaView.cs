namespace McpSaas.StatusUi.Model;

/// <summary>An org's monthly quota (UTC month): served calls over every server against the plan's limit.</summary>
public sealed record QuotaView
{
    public required string Org { get; init; }

    /// <summary><c>free</c>, <c>pro</c> or <c>enterprise</c>.</summary>
    public required string Tier { get; init; }

    /// <summary><c>YYYY-MM</c>.</summary>
    public required string Month { get; init; }

    /// <summary>Null: no monthly limit.</summary>
    public long? Limit { get; init; }

    public required long Used { get; init; }

    /// <summary>Whole percent of the limit used (may pass 100); null without a limit.</summary>
    public int? Percent { get; init; }

    public required bool Exceeded { get; init; }

    /// <summary>The banner due: 0 (none), 80 (at least 80 % used) or 100 (quota reached: calls are refused).</summary>
    public required int Banner { get; init; }

    /// <summary>The first day (UTC) of the next month, when the count starts again.</summary>
    public required string ResetsOn { get; init; }
}
