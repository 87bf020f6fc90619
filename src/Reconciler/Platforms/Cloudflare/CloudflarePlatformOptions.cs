namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// What the Cloudflare platform needs besides the API client (<see cref="CloudflareOptions"/>): where deployed Workers
/// report usage. Bound from the configuration root (<c>MCPSAAS_PublicBaseUrl</c>) and validated by
/// <see cref="CloudflarePlatformOptionsValidator"/> before any call.
/// </summary>
public sealed class CloudflarePlatformOptions
{
    /// <summary>The configuration key (environment: <c>MCPSAAS_PublicBaseUrl</c>).</summary>
    public const string PublicBaseUrlKey = "PublicBaseUrl";

    /// <summary>
    /// Where McpSaas's web host (API, usage ingest, status pages) is reached from the internet, e.g.
    /// <c>https://mcpsaas.example.com</c>; Workers post usage to <c>&lt;it&gt;/api/usage</c> (<c>MCP_USAGE_URL</c>).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary><c>MCP_USAGE_URL</c> of every Worker: <see cref="PublicBaseUrl"/> + <c>/api/usage</c>.</summary>
    public string UsageUrl => (PublicBaseUrl ?? "").TrimEnd('/') + "/api/usage";
}
