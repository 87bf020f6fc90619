using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.State;

/// <summary>Registers the state store and what sits on it.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IStateStore"/> (SQLite under <see cref="McpSaasStateOptions.DataDirectory"/>, migrated at start),
    /// <see cref="ISecretStore"/>, <see cref="ApiKeyService"/>, <see cref="UsageTokens"/>, <see cref="UsageIngestService"/>
    /// and the background pruning of raw usage events.
    /// Options come from the <c>State</c> section, then <paramref name="configure"/>; they are validated at start.
    /// Uses <c>TryAdd</c>, so tests can register their own <see cref="TimeProvider"/> or store first.
    /// </summary>
    public static IServiceCollection AddMcpSaasState(this IServiceCollection services, Action<McpSaasStateOptions>? configure = null)
    {
        var options = services.AddOptions<McpSaasStateOptions>().BindConfiguration(McpSaasStateOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IConfiguration>((state, configuration) =>
            state.SecretsKey ??= configuration[SecretsKeySource.EnvironmentVariable]);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpSaasStateOptions>, McpSaasStateOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var state = provider.GetRequiredService<IOptions<McpSaasStateOptions>>().Value;
            return new SqliteStateStore(
                new SqliteStateStoreOptions { DatabasePath = StatePaths.Database(state.DataDirectory), BusyTimeout = state.BusyTimeout },
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILogger<SqliteStateStore>>());
        });
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<McpSaas.Reconciler.Users.IUserStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<ISecretsKeyProvider>(provider =>
        {
            var state = provider.GetRequiredService<IOptions<McpSaasStateOptions>>().Value;
            return new SecretsKeySource(state.DataDirectory, state.SecretsKey);
        });
        services.TryAddSingleton<ISecretStore, SecretStore>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<UsageTokens>();
        services.TryAddSingleton(provider =>
        {
            var state = provider.GetRequiredService<IOptions<McpSaasStateOptions>>().Value;
            return new UsageIngestOptions { MaxBatchBytes = state.MaxUsageBatchBytes, MaxBatchEvents = state.MaxUsageBatchEvents };
        });
        services.TryAddSingleton<UsageIngestService>();
        services.AddHostedService<StateStoreInitializer>();
        services.AddHostedService<McpSaas.WebhookApi.Usage.UsageEventPruner>();
        return services;
    }
}
