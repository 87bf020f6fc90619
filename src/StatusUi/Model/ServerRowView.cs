namespace McpSaas.StatusUi.Model;

/// <summary>One server on the overview.</summary>
public sealed record ServerRowView
{
    public required string Id { get; init; }

    public required string Repo { get; init; }

    public required string Name { get; init; }

    public required ServerStatusView Status { get; init; }

    /// <summary>MCP tool uses as written: <c>slack</c>, <c>github as gh</c>.</summary>
    public required IReadOnlyList<string> Tools { get; init; }

    /// <summary>Calls this month (UTC), refused ones included.</summary>
    public required long CallsThisMonth { get; init; }

    /// <summary>The Streamable HTTP URL, once deployed.</summary>
    public string? Url { get; init; }

    /// <summary>The server's page.</summary>
    public required string Page { get; init; }
}
