using McpSaas.Reconciler.Composition;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Runtime;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.Reconciler.Tests.Support;

/// <summary>The reconciler as the product composes it (<c>AddMcpSaasReconciler</c>), over a test's own store, platform and parser.</summary>
internal static class Composed
{
    public static ServiceProvider Reconciler(string dataDirectory, SqliteStateStore store, IWorkerPlatform platform, IManifestParser parser,
        RuntimeBundle? runtime = null, TimeProvider? time = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(store);
        services.AddSingleton<IManifestParser>(parser);
        services.AddSingleton(runtime ?? Fixtures.Runtime());
        services.AddSingleton<IWorkerPlatform>(platform);
        more?.Invoke(services);
        services.AddMcpSaasReconciler(o =>
        {
            o.DataDirectory = dataDirectory;
            o.Retry = new PlatformRetryOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxInRunDelay = TimeSpan.FromMilliseconds(50) };
        });
        return services.BuildServiceProvider();
    }
}
