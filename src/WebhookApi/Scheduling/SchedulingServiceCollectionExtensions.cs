using McpSaas.Reconciler.State;
using McpSaas.WebhookApi.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>Registers Quartz with a persistent ADO.NET job store on its own SQLite file and the periodic reconcile trigger.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Options from the <c>Scheduling</c> section, validated at start and read when the scheduler starts (the interval,
    /// the store's file). Quartz keeps real time (its own clock, not the app's <see cref="TimeProvider"/> that tests fake);
    /// the job it fires only enqueues into the job runner's queue, stamped on the app's clock (SQLite has one writer: the
    /// reconciles run in the runner, never inside Quartz).
    /// </summary>
    public static IServiceCollection AddMcpSaasScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.UsePersistentStore(store =>
            {
                store.UseSqlite(source => source.DataSourceFactory = provider => SqliteFactory.Instance.CreateDataSource(ConnectionString(provider)));
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            quartz.ScheduleJob<PeriodicReconcileJob>(
                (provider, trigger) => trigger
                    .WithIdentity("periodic-reconcile", "mcpsaas")
                    .StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(provider.GetRequiredService<IOptions<SchedulingOptions>>().Value.ReconcileInterval).RepeatForever()),
                (_, job) => job.WithIdentity(PeriodicReconcileJob.Key));
        });
        services.AddHostedService<SchedulerHost>();
        return services;
    }

    /// <summary>The scheduler's name (its rows in the job store are keyed by it).</summary>
    public const string SchedulerName = "mcpsaas";

    /// <summary>Quartz's own file (default <c>&lt;data&gt;/scheduler.db</c>): apart from <c>state.db</c>, so the two never wait on one writer lock.</summary>
    internal static string ConnectionString(IServiceProvider provider)
    {
        var scheduling = provider.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        var state = provider.GetRequiredService<IOptions<McpSaasStateOptions>>().Value;
        var path = Path.GetFullPath(scheduling.DatabasePath ?? Path.Combine(state.DataDirectory, "scheduler.db"));
        StatePaths.EnsureDataDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }
}
