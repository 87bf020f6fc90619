using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpSaas.WebhookApi.Jobs;

/// <summary>Registers the durable job queue (the state store), the webhook inbox, the dispatcher and the runner.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Options from the <c>Jobs</c> section, validated at start. Uses <c>TryAdd</c>: the reconciler integration registers
    /// its <see cref="IJobHandler"/> before (or instead of) the placeholder that keeps jobs queued.
    /// </summary>
    public static IServiceCollection AddMcpSaasJobs(this IServiceCollection services)
    {
        services.AddOptions<JobRunnerOptions>().BindConfiguration(JobRunnerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobRunnerOptions>, JobRunnerOptionsValidator>());
        services.TryAddSingleton<IJobQueue>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<IGitHubStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<IWebhookInbox>(provider => provider.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<IJobHandler, UnwiredJobHandler>();
        services.TryAddSingleton<JobDispatcher>();
        services.AddHostedService<JobRunner>();
        return services;
    }
}
