namespace McpSaas.WebhookApi;

/// <summary>What a caller hosting McpSaas in-process (the CLI's <c>up</c>) decides in code rather than configuration.</summary>
public sealed record McpSaasHostOptions
{
    /// <summary>The data folder (<c>--data</c>); wins over <c>State:DataDirectory</c> from configuration.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Addresses to listen on, e.g. <c>http://127.0.0.1:0</c> (a free loopback port); default: the usual ASP.NET Core configuration.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>
    /// Registers the platform Workers run on (<c>AddLocalWorkerdPlatform</c>, <c>AddCloudflarePlatform</c>, …); the CLI's
    /// <c>up</c> passes the local platform of its data folder. Null: none (the host then serves no reconciler-backed action).
    /// </summary>
    public Action<IServiceCollection>? Platform { get; init; }

    /// <summary>The <c>worker-runtime</c> folder of the checkout; default from <c>MCPSAAS_HOME</c>.</summary>
    public string? WorkerRuntimeFolder { get; init; }

    /// <summary>
    /// The GitOps parts (the production host, <c>serve</c>): the GitHub App and its webhook endpoint (when configured),
    /// the job runner and the periodic reconcile. Off for hosts that reconcile on their own (<c>up</c>).
    /// </summary>
    public bool GitOps { get; init; }

    /// <summary>
    /// Sign-in with GitHub for the status UI when the <c>SignIn:*</c> keys configure it (<c>serve</c>): it then replaces the
    /// loopback access. Off for <c>up</c>, whose local user needs no sign-in.
    /// </summary>
    public bool SignIn { get; init; }

    /// <summary>Serilog to the console: readable on a terminal, compact JSON otherwise (<c>serve</c>); off for hosts inside a CLI command.</summary>
    public bool ProductionLogging { get; init; }
}
