namespace McpSaas.StatusUi.Model;

/// <summary>Everything the server page shows.</summary>
public sealed record ServerView
{
    public required string Id { get; init; }

    public required string Org { get; init; }

    public required string Repo { get; init; }

    public required string Name { get; init; }

    public required ServerStatusView Status { get; init; }

    /// <summary>URLs and snippets; null until the server is deployed.</summary>
    public ConnectView? Connect { get; init; }

    /// <summary>The deployed manifest's plan (<c>spec.plan</c>); null until deployed.</summary>
    public string? Plan { get; init; }

    /// <summary>The manifest file that declares it (relative to the repository).</summary>
    public string? SourcePath { get; init; }

    public int? RateLimitPerMinute { get; init; }

    public required IReadOnlyList<ToolUseView> Tools { get; init; }

    public required UsageWindowView Usage { get; init; }

    /// <summary>The last 100 calls, newest first.</summary>
    public required IReadOnlyList<RecentCallView> RecentCalls { get; init; }

    /// <summary>The last 20 deploys, newest first.</summary>
    public required IReadOnlyList<DeployView> Deploys { get; init; }

    /// <summary>Active keys first, then revoked ones.</summary>
    public required IReadOnlyList<KeyView> Keys { get; init; }

    public required QuotaView Quota { get; init; }
}
