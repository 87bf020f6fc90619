using System.Globalization;
using McpSaas.Cli.Local;
using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.Cli.Cloudflare;

/// <summary>
/// The <c>--target cloudflare</c> stack, composed by the same root as the local one (<c>AddMcpSaasReconciler</c>) over
/// the same data folder (SQLite state and secret store), with the Cloudflare platform instead of local workerd. Its
/// configuration (<c>MCPSAAS_Cloudflare__…</c>, <c>MCPSAAS_PublicBaseUrl</c>) is checked before anything is built or
/// any call is made.
/// </summary>
internal sealed class CloudflareStack : IDisposable
{
    private readonly ServiceProvider _services;

    private CloudflareStack(ServiceProvider services) => _services = services;

    public SqliteStateStore Store => _services.GetRequiredService<SqliteStateStore>();

    public CloudflarePlatform Platform => _services.GetRequiredService<CloudflarePlatform>();

    public RepoReconciler Reconciler => _services.GetRequiredService<RepoReconciler>();

    public KeyRollout Keys => _services.GetRequiredService<KeyRollout>();

    /// <summary>
    /// The stack, or (when the configuration cannot be used) null and every problem, each naming its variable and the
    /// fix. A <c>Retry-After</c> Cloudflare gave an earlier run is kept in the state store and honoured: no request is
    /// sent before it (the client waits out a short one; past a long one the run defers its writes).
    /// </summary>
    /// <param name="shared">A state store of the same data folder already open (it stays the caller's).</param>
    public static async Task<(CloudflareStack? Stack, IReadOnlyList<string> Problems)> OpenAsync(string dataDirectory, CliContext context, SqliteStateStore? shared, CancellationToken cancellationToken)
    {
        var configuration = CloudflareEnvironment.Read(context.GetEnvironmentVariable);
        if (configuration.Problems.Count > 0)
        {
            return (null, configuration.Problems);
        }

        var home = McpSaasHome.Locate(context.GetEnvironmentVariable);
        StatePaths.EnsureDataDirectory(dataDirectory);
        var services = new ServiceCollection();
        services.AddSingleton(context.Time);
        if (shared is not null)
        {
            services.AddSingleton(shared);
        }

        services.AddMcpSaasReconciler(o =>
            {
                o.DataDirectory = dataDirectory;
                o.SecretsKey = context.GetEnvironmentVariable(SecretsKeySource.EnvironmentVariable);
                o.WorkerRuntimeFolder = Path.Combine(home, "worker-runtime");
            })
            .AddCloudflarePlatform(configuration.CopyTo, configuration.CopyTo);
        var stack = new CloudflareStack(services.BuildServiceProvider());
        try
        {
            await stack.HonourRetryAfterAsync(context, configuration, cancellationToken);
            return (stack, []);
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }

    /// <summary>Loads the block an earlier run recorded, and records any new one.</summary>
    private async Task HonourRetryAfterAsync(CliContext context, CloudflareEnvironment configuration, CancellationToken cancellationToken)
    {
        var store = Store;
        var budget = _services.GetRequiredService<CloudflareRequestBudget>();
        var setting = $"cloudflare.{configuration.Api.AccountId}.retry-after";
        if (await store.GetSettingAsync(setting, cancellationToken) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until))
        {
            if (until > context.Time.GetUtcNow())
            {
                await context.Stderr.WriteLineAsync($"mcpsaas: Cloudflare asked an earlier run to wait until {until.UtcDateTime:HH:mm:ss} UTC (Retry-After): no request is sent before");
                budget.BlockUntil(until); // the client waits out a short block and defers past a long one
            }
        }

        // Synchronous on purpose: the time is on disk before the client sleeps on it (a kill then loses nothing).
        budget.Blocked += at => store.SetSettingAsync(setting, at.ToString("O", CultureInfo.InvariantCulture), CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _services.Dispose();
}
