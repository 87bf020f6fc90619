using System.Text.Json.Serialization;

namespace McpSaas.GitHub.Reporting;

/// <summary>A commit status to post (an outbox payload).</summary>
internal sealed class StatusPayload
{
    [JsonPropertyName("sha")]
    public required string Sha { get; init; }

    [JsonPropertyName("context")]
    public required string Context { get; init; }

    /// <summary><c>success</c>, <c>failure</c>, <c>error</c> or <c>pending</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>At most 140 characters (GitHub refuses longer).</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>The server's status page; null: the commit's check run page (looked up when posted).</summary>
    [JsonPropertyName("targetUrl")]
    public string? TargetUrl { get; init; }
}
