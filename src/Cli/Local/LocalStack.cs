using System.Globalization;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.Cli.Local;

/// <summary>
/// The embedded default, composed by the reconciler's one composition root (<c>AddMcpSaasReconciler</c>): SQLite
/// state store and secret store in the data folder, the local workerd platform on a loopback port chosen once.
/// The reconciler itself (and the runtime bundle it reads) is built only by commands that reconcile.
/// </summary>
internal sealed class LocalStack : IDisposable
{
    public const string UsagePortSetting = "local.usage.port";

    private readonly ServiceProvider _services;

    private LocalStack(string dataDirectory, string home, ServiceProvider services, int runtimePort, int usagePort)
    {
        DataDirectory = dataDirectory;
        Home = home;
        _services = services;
        RuntimePort = runtimePort;
        UsagePort = usagePort;
    }

    public string DataDirectory { get; }

    public string Home { get; }

    public SqliteStateStore Store => _services.GetRequiredService<SqliteStateStore>();

    public ISecretsKeyProvider Key => _services.GetRequiredService<ISecretsKeyProvider>();

    public ISecretStore Secrets => _services.GetRequiredService<ISecretStore>();

    public LocalWorkerdPlatform Platform => _services.GetRequiredService<LocalWorkerdPlatform>();

    public RepoReconciler Reconciler => _services.GetRequiredService<RepoReconciler>();

    public KeyRollout Keys => _services.GetRequiredService<KeyRollout>();

    public UsageTokens UsageTokens => _services.GetRequiredService<UsageTokens>();

    public int RuntimePort { get; }

    public int UsagePort { get; }

    public static async Task<LocalStack> OpenAsync(string dataDirectory, CliContext context, CancellationToken cancellationToken)
    {
        var home = McpSaasHome.Locate(context.GetEnvironmentVariable);
        StatePaths.EnsureDataDirectory(dataDirectory);
        var services = new ServiceCollection();
        services.AddSingleton(context.Time);
        var ports = new int[2];
        services.AddMcpSaasReconciler(o =>
            {
                o.DataDirectory = dataDirectory;
                o.SecretsKey = context.GetEnvironmentVariable(SecretsKeySource.EnvironmentVariable);
                o.WorkerRuntimeFolder = Path.Combine(home, "worker-runtime");
            })
            .AddLocalWorkerdPlatform(_ => new LocalPlatformOptions
            {
                DataDirectory = dataDirectory,
                WorkerdPath = context.GetEnvironmentVariable("MCPSAAS_WORKERD") ?? LocalPlatformOptions.DefaultWorkerdPath(home),
                Port = ports[0],
                UsageAddress = $"127.0.0.1:{ports[1]}",
                OutboundAllow = Outbound(context.GetEnvironmentVariable("MCPSAAS_LOCAL_OUTBOUND")),
            });
        var provider = services.BuildServiceProvider();
        try
        {
            var store = provider.GetRequiredService<IStateStore>();
            ports[0] = await PortAsync(store, dataDirectory, PlatformSettings.LocalRuntimePort, 8790, cancellationToken);
            ports[1] = await PortAsync(store, dataDirectory, UsagePortSetting, 8791, cancellationToken);
            return new LocalStack(dataDirectory, home, provider, ports[0], ports[1]);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loopback port kept in the state store: the preferred one the first time when it is free and no other data folder
    /// of this user claims it (<see cref="PortClaims"/>), else a random free one below the ephemeral range.
    /// </summary>
    private static async Task<int> PortAsync(IStateStore store, string dataDirectory, string setting, int preferred, CancellationToken cancellationToken)
    {
        var existing = await store.GetSettingAsync(setting, cancellationToken);
        if (existing is not null)
        {
            return int.Parse(existing, CultureInfo.InvariantCulture);
        }

        var port = LoopbackPorts.IsFree(preferred) && PortClaims.ForUser().TryClaim(preferred, dataDirectory) ? preferred : LoopbackPorts.Kept();
        var stored = await store.GetOrAddSettingAsync(setting, port.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return int.Parse(stored, CultureInfo.InvariantCulture);
    }

    /// <summary><c>MCPSAAS_LOCAL_OUTBOUND</c>: workerd network classes Workers may reach (default <c>public</c>).</summary>
    private static IReadOnlyList<string> Outbound(string? setting) =>
        setting is { Length: > 0 }
            ? [.. setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : ["public"];

    public void Dispose() => _services.Dispose();
}
