namespace McpSaas.Reconciler.Desired;

/// <summary>What the target platform tells the Desire step about one server's endpoint.</summary>
/// <param name="BaseUrl">Where the server is reached (its <c>/mcp</c> is under it).</param>
/// <param name="AllowedHosts">Host/Origin values the Worker accepts (<c>MCP_ALLOWED_HOSTS</c>).</param>
/// <param name="UsageUrl">Absolute URL of the platform's usage endpoint (<c>MCP_USAGE_URL</c>).</param>
public sealed record EndpointProfile(string BaseUrl, IReadOnlyList<string> AllowedHosts, string UsageUrl);
