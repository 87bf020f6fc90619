using McpSaas.Reconciler.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace McpSaas.WebhookApi.Scheduling;

/// <summary>Registers Quartz with a persistent ADO.NET job store on its own SQLite file and the periodic reconcile trigger.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Reads <see cref="SchedulingOptions"/> from <paramref name="configuration"/> now (Quartz needs the interval and the
    /// store's connection string at registration) and validates them at start. Does nothing more when disabled.
    /// </summary>
    public static IServiceCollection AddMcpSaasScheduling(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        var options = configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!options.Enabled || new SchedulingOptionsValidator().Validate(null, options).Failed)
        {
            return services; // disabled, or refused at start by the validator
        }

        var database = Path.GetFullPath(options.DatabasePath ?? Path.Combine(dataDirectory, "scheduler.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        services.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.UseSqlite($"Data Source={database};Pooling=true");
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            quartz.AddJob<PeriodicReconcileJob>(job => job.WithIdentity(PeriodicReconcileJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(PeriodicReconcileJob.Key)
                .WithIdentity("periodic-reconcile", "mcpsaas")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.ReconcileInterval).RepeatForever()));
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>The folder of the state store from the state options (the scheduler's file sits beside it by default).</summary>
    internal static string DataDirectoryOf(IConfiguration configuration, string? overrideDirectory) =>
        overrideDirectory ?? configuration["State:DataDirectory"] ?? StatePaths.DefaultDataDirectory;
}
