using System.Globalization;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;

namespace McpSaas.Cli.Local;

/// <summary>
/// The embedded default, wired: SQLite state store and secret store in the data folder, the local workerd
/// platform on a loopback port chosen once, the validator and the reconciler.
/// </summary>
internal sealed class LocalStack : IDisposable
{
    public const string UsagePortSetting = "local.usage.port";

    private readonly Lazy<RepoReconciler> _reconciler;

    private LocalStack(string dataDirectory, string home, SqliteStateStore store, SecretsKeySource key, SecretStore secrets, LocalWorkerdPlatform platform, int runtimePort, int usagePort)
    {
        DataDirectory = dataDirectory;
        Home = home;
        Store = store;
        Key = key;
        Secrets = secrets;
        Platform = platform;
        // The runtime bundle is read only by commands that reconcile (status and stop do not need it built).
        _reconciler = new Lazy<RepoReconciler>(() => new RepoReconciler(
            store, secrets, new UsageTokens(store, key), platform, new ManifestParser(), new DesiredStateBuilder(RuntimeBundle.LoadFrom(Path.Combine(home, "worker-runtime")))));
        RuntimePort = runtimePort;
        UsagePort = usagePort;
    }

    public string DataDirectory { get; }

    public string Home { get; }

    public SqliteStateStore Store { get; }

    public SecretsKeySource Key { get; }

    public SecretStore Secrets { get; }

    public LocalWorkerdPlatform Platform { get; }

    public RepoReconciler Reconciler => _reconciler.Value;

    public int RuntimePort { get; }

    public int UsagePort { get; }

    public static async Task<LocalStack> OpenAsync(string dataDirectory, CliContext context, CancellationToken cancellationToken)
    {
        var home = McpSaasHome.Locate(context.GetEnvironmentVariable);
        StatePaths.EnsureDataDirectory(dataDirectory);
        var store = SqliteStateStore.ForDataDirectory(dataDirectory, context.Time);
        try
        {
            var runtimePort = await PortAsync(store, PlatformSettings.LocalRuntimePort, 8790, cancellationToken);
            var usagePort = await PortAsync(store, UsagePortSetting, 8791, cancellationToken);
            var key = new SecretsKeySource(dataDirectory, context.GetEnvironmentVariable("MCPSAAS_SECRETS_KEY"));
            var secrets = new SecretStore(store, key);
            var platform = new LocalWorkerdPlatform(
                new LocalPlatformOptions
                {
                    DataDirectory = dataDirectory,
                    WorkerdPath = context.GetEnvironmentVariable("MCPSAAS_WORKERD") ?? LocalPlatformOptions.DefaultWorkerdPath(home),
                    Port = runtimePort,
                    UsageAddress = $"127.0.0.1:{usagePort}",
                    OutboundAllow = Outbound(context.GetEnvironmentVariable("MCPSAAS_LOCAL_OUTBOUND")),
                },
                new StoreSecretResolver(secrets, new UsageTokens(store, key)),
                context.Time);
            return new LocalStack(dataDirectory, home, store, key, secrets, platform, runtimePort, usagePort);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Loopback port kept in the state store: the preferred one when free the first time, else any free one.</summary>
    private static async Task<int> PortAsync(IStateStore store, string setting, int preferred, CancellationToken cancellationToken)
    {
        var existing = await store.GetSettingAsync(setting, cancellationToken);
        if (existing is not null)
        {
            return int.Parse(existing, CultureInfo.InvariantCulture);
        }

        var port = LoopbackPorts.IsFree(preferred) ? preferred : LoopbackPorts.Any();
        var stored = await store.GetOrAddSettingAsync(setting, port.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return int.Parse(stored, CultureInfo.InvariantCulture);
    }

    /// <summary><c>MCPSAAS_LOCAL_OUTBOUND</c>: workerd network classes Workers may reach (default <c>public</c>).</summary>
    private static IReadOnlyList<string> Outbound(string? setting) =>
        setting is { Length: > 0 }
            ? [.. setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : ["public"];

    public void Dispose() => Store.Dispose();
}
