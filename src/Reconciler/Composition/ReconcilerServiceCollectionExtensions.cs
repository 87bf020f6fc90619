using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Platforms.InMemory;
using McpSaas.Reconciler.Platforms.Local;
using McpSaas.Reconciler.Rebinding;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reconciling.Steps;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Composition;

/// <summary>
/// The one composition root of the reconciler, used by the CLI, the web host, the benchmarks and the tests:
/// <code>
/// services.AddMcpSaasReconciler(o => { o.DataDirectory = data; o.WorkerRuntimeFolder = home + "/worker-runtime"; })
///         .AddLocalWorkerdPlatform(o => …);   // or AddInMemoryPlatform(), AddCloudflarePlatform(api => …, platform => …)
/// var reconciler = provider.GetRequiredService&lt;RepoReconciler&gt;();
/// </code>
/// Everything is registered with <c>TryAdd</c>: a host (or a test) that registered its own state store, time
/// provider, parser, runtime bundle or secret resolver first keeps it. Exactly one platform must be added.
/// </summary>
public static class ReconcilerServiceCollectionExtensions
{
    public static IServiceCollection AddMcpSaasReconciler(this IServiceCollection services, Action<ReconcilerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ReconcilerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => SqliteStateStore.ForDataDirectory(
            Options(provider).DataDirectory, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<SqliteStateStore>>()));
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<ISecretsKeyProvider>(provider => new SecretsKeySource(Options(provider).DataDirectory, Options(provider).SecretsKey));
        services.TryAddSingleton<ISecretStore, SecretStore>();
        services.TryAddSingleton<UsageTokens>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<ISecretResolver, StoreSecretResolver>();
        services.TryAddSingleton<IManifestParser, ManifestParser>();
        services.TryAddSingleton(provider => RuntimeBundle.LoadFrom(Options(provider).WorkerRuntimeFolder
            ?? throw new InvalidOperationException("ReconcilerOptions.WorkerRuntimeFolder is not set: point it at the worker-runtime folder of a McpSaas checkout")));
        services.TryAddSingleton<DesiredStateBuilder>();
        services.TryAddSingleton(provider => new PlatformRetry(Options(provider).Retry, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<PlatformRetry>>()));

        services.TryAddSingleton<SourceStep>();
        services.TryAddSingleton<LoadStep>();
        services.TryAddSingleton<DesireStep>();
        services.TryAddSingleton<ObserveStep>();
        services.TryAddSingleton<PlanStep>();
        services.TryAddSingleton<ApplyStep>();
        services.TryAddSingleton<RecordStep>();
        services.TryAddSingleton<ReportStep>();
        services.TryAddSingleton<RepoReconciler>();
        services.TryAddSingleton<DeployedRebind>();
        services.TryAddSingleton<KeyRollout>();
        services.TryAddSingleton<ServerSuspension>();
        services.TryAddSingleton<RepositoryRemoval>();
        return services;
    }

    /// <summary>The embedded default platform: one workerd per data folder on a loopback port.</summary>
    public static IServiceCollection AddLocalWorkerdPlatform(this IServiceCollection services, Func<IServiceProvider, LocalPlatformOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new LocalWorkerdPlatform(
            options(provider), provider.GetRequiredService<ISecretsKeyProvider>(), provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<LocalWorkerdPlatform>>()));
        services.TryAddSingleton<IWorkerPlatform>(provider => provider.GetRequiredService<LocalWorkerdPlatform>());
        return services;
    }

    /// <summary>
    /// Workers on Cloudflare (workers.dev): the API client (<see cref="CloudflareServiceCollectionExtensions.AddCloudflareApi"/>,
    /// options from the <c>Cloudflare</c> section then <paramref name="api"/>) and <see cref="CloudflarePlatform"/>, whose
    /// <see cref="CloudflarePlatformOptions.PublicBaseUrl"/> comes from the configuration root's <c>PublicBaseUrl</c> then
    /// <paramref name="platform"/>. Both are validated before any call (messages name the environment variable and the fix).
    /// </summary>
    public static IServiceCollection AddCloudflarePlatform(this IServiceCollection services, Action<CloudflareOptions>? api = null, Action<CloudflarePlatformOptions>? platform = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCloudflareApi(api);
        var options = services.AddOptions<CloudflarePlatformOptions>();
        options.Configure<IServiceProvider>((value, provider) =>
        {
            if (provider.GetService<IConfiguration>()?[CloudflarePlatformOptions.PublicBaseUrlKey] is { Length: > 0 } url)
            {
                value.PublicBaseUrl = url;
            }
        });
        if (platform is not null)
        {
            options.Configure(platform);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudflarePlatformOptions>, CloudflarePlatformOptionsValidator>());
        services.TryAddSingleton(provider => new CloudflarePlatform(
            provider.GetRequiredService<ICloudflareClient>(),
            provider.GetRequiredService<IOptions<CloudflarePlatformOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<CloudflarePlatform>>()));
        services.TryAddSingleton<IWorkerPlatform>(provider => provider.GetRequiredService<CloudflarePlatform>());
        return services;
    }

    /// <summary>Workers in memory, every call counted: benchmarks and tests.</summary>
    public static IServiceCollection AddInMemoryPlatform(this IServiceCollection services, InMemoryPlatform? platform = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(platform ?? new InMemoryPlatform());
        services.TryAddSingleton<IWorkerPlatform>(provider => provider.GetRequiredService<InMemoryPlatform>());
        return services;
    }

    private static ReconcilerOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<ReconcilerOptions>>().Value;
}
