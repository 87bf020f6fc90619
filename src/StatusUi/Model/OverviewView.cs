namespace McpSaas.StatusUi.Model;

/// <summary>The overview of one org: every server across its repositories, and the org's plan and usage.</summary>
public sealed record OverviewView
{
    public required string Org { get; init; }

    public required QuotaView Quota { get; init; }

    public required IReadOnlyList<ServerRowView> Servers { get; init; }

    /// <summary>How many servers are in each label (Ready, Waiting for a secret, …).</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }
}
