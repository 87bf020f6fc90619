namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>Settings of the local workerd platform.</summary>
public sealed record LocalPlatformOptions
{
    /// <summary>The data folder (<c>--data</c>); the platform uses <c>&lt;data&gt;/local/</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The workerd binary (from npm: <c>worker-runtime/node_modules/@cloudflare/workerd-linux-64/bin/workerd</c>).</summary>
    public required string WorkerdPath { get; init; }

    /// <summary>Loopback port of the router; chosen once and kept, so URLs are stable.</summary>
    public required int Port { get; init; }

    /// <summary><c>host:port</c> of the usage endpoint for the <c>USAGE</c> service binding; null = none bound.</summary>
    public string? UsageAddress { get; init; }

    /// <summary>Absolute usage URL given to Workers as <c>MCP_USAGE_URL</c>.</summary>
    public string UsageUrl => UsageAddress is null ? "http://127.0.0.1/api/usage" : $"http://{UsageAddress}/api/usage";

    /// <summary>
    /// workerd network allow list for Workers' outbound fetches. Public-only by default; tests that point tools
    /// at stub APIs on loopback add <c>private</c> and <c>local</c> explicitly.
    /// </summary>
    public IReadOnlyList<string> OutboundAllow { get; init; } = ["public"];

    /// <summary>How long to wait for workerd to answer after a (re)start.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Between SIGTERM and SIGKILL when stopping (open SSE streams otherwise hold workerd).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// In a restart, how long the old workerd may still accept what already waits in its queue once every new connection
    /// goes to the new one, before it is asked to stop.
    /// </summary>
    public TimeSpan HandoverSettle { get; init; } = TimeSpan.FromMilliseconds(250);

    public string Root => Path.Combine(Path.GetFullPath(DataDirectory), "local");

    /// <summary>Where workerd is found by default, relative to a checkout (<c>MCPSAAS_HOME</c>).</summary>
    public static string DefaultWorkerdPath(string home) =>
        Environment.GetEnvironmentVariable("MCPSAAS_WORKERD")
        ?? Path.Combine(home, "worker-runtime", "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd");
}
